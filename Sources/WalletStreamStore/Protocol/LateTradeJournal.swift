import WalletStreamCore

/// Trades that live writes stored before trades already stored (late deliveries), in the order
/// they were found. Followers on every node sharing the store, and followers that reconnect,
/// read it to send those trades as corrections; a stream's event ids carry its place in it
/// (``TradeCursor/lateMark``).
public protocol LateTradeJournal: Sendable {
    /// Appends `trades` to the journal of `wallet`, in order; their sequences grow in the order
    /// the appends commit.
    func journalLate(_ trades: [Trade], wallet: WalletAddress) async throws

    /// Up to `limit` entries of the journal of `wallet` after `sequence`, oldest first.
    func lateTrades(wallet: WalletAddress, after sequence: Int64, limit: Int) async throws -> [JournaledTrade]

    /// The sequence of the newest entry of the journal of `wallet`; 0 when it has none.
    func lateMark(wallet: WalletAddress) async throws -> Int64
}

/// An entry of a ``LateTradeJournal``.
public struct JournaledTrade: Sendable, Hashable {
    public var sequence: Int64
    public var trade: Trade

    public init(sequence: Int64, trade: Trade) {
        self.sequence = sequence
        self.trade = trade
    }
}
