import WalletStreamCore
import WalletStreamWire

/// The result of a stream that ran to its `complete` event.
public struct StreamOutcome: Sendable, Equatable {
    /// The server's `complete` payload.
    public var complete: StreamComplete
    /// Trades delivered to the handler, across all connections.
    public var tradesDelivered: Int
    /// Reconnections made after the first connection.
    public var reconnects: Int
    /// The last `summary` event, if any.
    public var summary: WalletSummary?
    /// The last event ID seen: a cursor after the last delivered trade, or nil if none was sent.
    public var lastEventID: String?

    public init(
        complete: StreamComplete,
        tradesDelivered: Int,
        reconnects: Int,
        summary: WalletSummary?,
        lastEventID: String?
    ) {
        self.complete = complete
        self.tradesDelivered = tradesDelivered
        self.reconnects = reconnects
        self.summary = summary
        self.lastEventID = lastEventID
    }
}
