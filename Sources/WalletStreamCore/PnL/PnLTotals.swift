/// The wallet-level figures of a FIFO P&L run: counts, volume, time range and the realized
/// totals of all its positions, kept up to date as positions change so that a summary needs no
/// scan of the positions.
public struct PnLTotals: Sendable, Hashable {
    public var trades = 0
    public var buys = 0
    public var sells = 0
    public var swaps = 0
    /// SOL leg of buys and sells.
    public var volumeSOL = Amount.zero
    /// USD value of buys and sells, where known.
    public var volumeUSD = Amount.zero
    public var firstTradeTime: Int64?
    public var lastTradeTime: Int64?
    /// Sum of every position's realized P&L.
    public var realizedSOL = Amount.zero
    public var realizedUSD = Amount.zero
    /// Tokens with a position.
    public var uniqueTokens = 0
    /// Tokens with at least one disposal.
    public var soldTokens = 0
    /// Sold tokens with positive realized SOL P&L.
    public var winningTokens = 0
    /// The last trade applied: the run's position in the total order.
    public var lastTrade: TradeOrderKey?

    public init() {}

    /// Winning ÷ sold tokens × 100, rounded to 2 decimals; nil when nothing was sold.
    public var winRatePct: Amount? {
        guard soldTokens > 0 else { return nil }
        return Amount(winningTokens * 100).multiplied(by: Amount(1), dividedBy: Amount(soldTokens))
            .rounded(toDecimals: 2)
    }

    /// What one position adds to the totals.
    struct PositionFigures {
        var realizedSOL: Amount
        var realizedUSD: Amount
        var sold: Bool

        init(_ position: TokenPosition) {
            realizedSOL = position.realizedSOL
            realizedUSD = position.realizedUSD
            sold = position.sells > 0
        }
    }

    /// Moves the realized totals and token counts from `old` (nil: a new token) to `new`.
    mutating func replace(_ old: PositionFigures?, with new: PositionFigures) {
        if let old {
            realizedSOL -= old.realizedSOL
            realizedUSD -= old.realizedUSD
            if old.sold { soldTokens -= 1 }
            if old.sold, old.realizedSOL.isPositive { winningTokens -= 1 }
        } else {
            uniqueTokens += 1
        }
        realizedSOL += new.realizedSOL
        realizedUSD += new.realizedUSD
        if new.sold { soldTokens += 1 }
        if new.sold, new.realizedSOL.isPositive { winningTokens += 1 }
    }
}
