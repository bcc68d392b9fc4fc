import WalletStreamCore
import WalletStreamWire

/// What ``WalletStreamClient/stream(wallet:batchSize:resumeFrom:handler:)`` hands its caller,
/// in stream order.
public enum StreamUpdate: Sendable, Equatable {
    /// A connection was established (once per connection, so again after each reconnect).
    case connected(StreamConnected)
    /// New trades, in the wallet's order, never repeating earlier ones; `cursor` resumes after them.
    case trades([Trade], cursor: String)
    case progress(StreamProgress)
    /// The wallet's P&L summary as of the trades sent so far.
    case summary(WalletSummary)
    /// The summary after the history of a following stream (`"live": true`), and after each
    /// change once it is live.
    case liveSummary(WalletSummary)
    /// Trades stored after the stream had passed their place in the order (a late delivery):
    /// they are not repeated as ``trades(_:cursor:)``.
    case correction([Trade])
    /// The stream finished; no more updates follow.
    case complete(StreamComplete)
    /// The server reported an error in the stream; a reconnect or failure follows.
    case serverError(ErrorBody)
    /// A heartbeat comment arrived: the connection is alive.
    case heartbeat
    /// The connection dropped; the client waits `delay` and then makes reconnection `attempt`.
    case reconnecting(attempt: Int, delay: Duration)
}
