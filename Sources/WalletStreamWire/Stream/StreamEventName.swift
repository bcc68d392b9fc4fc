import WalletStreamCore

/// The `event:` names of the wallet trade stream (`GET /v4/wallet/{address}/stream`).
public enum StreamEventName: String, Sendable, Hashable, CaseIterable, Codable {
    /// Sent first on every connection; payload ``StreamConnected``.
    case connected
    /// A batch of trades; payload ``StreamTrades``. The event `id` is the resume cursor.
    case trades
    /// How far the stream is; payload ``StreamProgress``.
    case progress
    /// The wallet's P&L so far; payload ``WalletSummary``.
    case summary
    /// Trades stored after the stream had passed their place in the order (a late delivery of a
    /// followed wallet); payload ``StreamCorrection``. They have no event id: the cursor only
    /// moves forward.
    case correction
    /// The last event of a finished stream; payload ``StreamComplete``.
    case complete
    /// The server stopped the stream; payload ``ErrorBody``.
    case error
}
