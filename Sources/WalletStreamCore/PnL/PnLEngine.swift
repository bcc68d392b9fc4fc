/// FIFO profit and loss over a wallet's trades, consumed one at a time in the total order.
///
/// Memory is O(open lots + tokens), never O(trades): a summary can be taken at any point,
/// which is what the stream's running `summary` events report.
///
/// - Buys open a lot at their SOL cost (and USD value when known).
/// - Sells consume lots oldest first; a partial lot is consumed pro rata in quantity, SOL cost
///   and USD cost. Only the matched quantity is realized, with proceeds pro-rated to it; the rest
///   is `unmatched_quantity` and is never booked as zero-cost profit.
/// - A token → token swap disposes of the given token and opens a lot of the received one.
///   It realizes USD P&L on the given token (its USD value against the consumed lots' USD cost)
///   but no SOL P&L: the consumed lots' SOL cost carries over to the new lot, so the SOL result
///   is realized when the received token is finally sold for SOL.
public struct PnLEngine: Sendable {
    public let wallet: WalletAddress
    var positions: [String: TokenPosition] = [:]
    public private(set) var tradeCount = 0
    private(set) var buyCount = 0
    private(set) var sellCount = 0
    private(set) var swapCount = 0
    private(set) var tradedVolumeSOL = Amount.zero
    private(set) var tradedVolumeUSD = Amount.zero
    private(set) var firstTradeTime: Int64?
    private(set) var lastTradeTime: Int64?

    public init(wallet: WalletAddress) {
        self.wallet = wallet
    }

    /// Applies one trade. Trades must arrive in the total order for FIFO to mean anything.
    public mutating func consume(_ trade: Trade) {
        tradeCount += 1
        if firstTradeTime == nil { firstTradeTime = trade.blockTime }
        lastTradeTime = trade.blockTime
        switch trade.side {
        case .buy:
            buyCount += 1
            let cost = trade.solAmount ?? trade.sold.amount
            tradedVolumeSOL += cost
            if let usd = trade.usdValue { tradedVolumeUSD += usd }
            update(trade.bought) { $0.acquire(quantity: trade.bought.amount, costSOL: cost, costUSD: trade.usdValue) }
        case .sell:
            sellCount += 1
            let proceeds = trade.solAmount ?? trade.bought.amount
            tradedVolumeSOL += proceeds
            if let usd = trade.usdValue { tradedVolumeUSD += usd }
            update(trade.sold) { position in
                let disposal = position.dispose(quantity: trade.sold.amount)
                position.realize(disposal, of: trade.sold.amount, proceedsSOL: proceeds, proceedsUSD: trade.usdValue)
            }
        case .swap:
            swapCount += 1
            var carried = TokenPosition.Disposal()
            update(trade.sold) { position in
                carried = position.dispose(quantity: trade.sold.amount)
                position.realize(carried, of: trade.sold.amount, proceedsSOL: nil, proceedsUSD: trade.usdValue)
            }
            update(trade.bought) {
                $0.acquire(quantity: trade.bought.amount, costSOL: carried.costSOL, costUSD: trade.usdValue)
            }
        }
    }

    private mutating func update(_ leg: TokenLeg, _ body: (inout TokenPosition) -> Void) {
        body(&positions[leg.mint, default: TokenPosition(mint: leg.mint, symbol: leg.symbol)])
    }
}
