/// What one enhanced transaction means for a wallet: its trades, or why it has none.
public struct ParsedTransaction: Sendable, Hashable {
    /// The transaction's signature.
    public var signature: String
    /// The wallet's trades, leg 0, 1, …; empty when ``skipReason`` is set.
    public var trades: [Trade]
    /// Why the transaction yields no trade; nil when ``trades`` is not empty.
    public var skipReason: SkipReason?
    /// Where the wallet's SOL went; nil only when the transaction's amounts could not be read.
    public var solFlow: TransactionSOLFlow?

    public init(signature: String, trades: [Trade], skipReason: SkipReason?, solFlow: TransactionSOLFlow?) {
        self.signature = signature
        self.trades = trades
        self.skipReason = skipReason
        self.solFlow = solFlow
    }
}
