/// FIFO profit and loss over a wallet's trades, consumed one at a time in the total order.
///
/// Memory is O(open lots + tokens held), never O(trades). An engine can start from stored state
/// (``init(wallet:totals:)``, then ``load(_:)``) holding only the positions the next trades touch: that
/// is how a store keeps P&L up to date at write time, so that readers never replay trades.
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
    public private(set) var totals: PnLTotals
    /// The positions held, by mint: every token of the trades consumed, plus those loaded.
    public private(set) var positions: [String: TokenPosition] = [:]
    /// Mints whose position changed since the engine was created or ``evictPositions()`` was called.
    public private(set) var touched: Set<String> = []

    public init(wallet: WalletAddress) {
        self.init(wallet: wallet, totals: PnLTotals())
    }

    /// Continues from stored state. Every stored position the next trades touch must be given
    /// with ``load(_:)`` first (``totals`` count it as known).
    public init(wallet: WalletAddress, totals: PnLTotals) {
        self.wallet = wallet
        self.totals = totals
    }

    /// Applies one trade. Trades must arrive in the total order for FIFO to mean anything.
    public mutating func consume(_ trade: Trade) {
        tally(trade)
        switch trade.side {
        case .buy:
            let cost = trade.solAmount ?? trade.sold.amount
            update(trade.bought) { $0.acquire(quantity: trade.bought.amount, costSOL: cost, costUSD: trade.usdValue) }
        case .sell:
            let proceeds = trade.solAmount ?? trade.bought.amount
            update(trade.sold) { position in
                let disposal = position.dispose(quantity: trade.sold.amount)
                position.realize(disposal, of: trade.sold.amount, proceedsSOL: proceeds, proceedsUSD: trade.usdValue)
            }
        case .swap:
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

    /// Counts `trade` in the figures that do not depend on the order (counts, volume, the last
    /// trade) without touching positions: for a trade whose positions are recomputed apart and
    /// put in with ``replacePosition(_:)``. ``totals``' first trade time is then only right if
    /// the trade is not the wallet's first (see ``setFirstTradeTime(_:)``).
    public mutating func tally(_ trade: Trade) {
        totals.trades += 1
        if totals.firstTradeTime == nil { totals.firstTradeTime = trade.blockTime }
        if totals.lastTrade.map({ $0 < trade.orderKey }) ?? true {
            totals.lastTradeTime = trade.blockTime
            totals.lastTrade = trade.orderKey
        }
        switch trade.side {
        case .buy:
            totals.buys += 1
            totals.volumeSOL += trade.solAmount ?? trade.sold.amount
        case .sell:
            totals.sells += 1
            totals.volumeSOL += trade.solAmount ?? trade.bought.amount
        case .swap:
            totals.swaps += 1
            return
        }
        if let usd = trade.usdValue { totals.volumeUSD += usd }
    }

    /// Sets the block time of the wallet's first trade in the total order, after ``tally(_:)``
    /// counted trades that may have landed before it.
    public mutating func setFirstTradeTime(_ time: Int64?) {
        totals.firstTradeTime = time
    }

    /// Puts a position recomputed apart (a replay of all its token's trades) in place of the
    /// held one, moving the totals from the held figures; a stored position must be loaded
    /// first, or it counts as a new token.
    public mutating func replacePosition(_ position: TokenPosition) {
        let old = positions[position.mint].map(PnLTotals.PositionFigures.init)
        positions[position.mint] = position
        totals.replace(old, with: PnLTotals.PositionFigures(position))
        touched.insert(position.mint)
    }

    /// Adds a stored position the next trades will touch (``totals`` already count it).
    public mutating func load(_ position: TokenPosition) {
        positions[position.mint] = position
    }

    /// Forgets positions (after a store has saved them); ``totals`` stay.
    public mutating func evictPositions() {
        positions.removeAll()
        touched.removeAll()
    }

    private mutating func update(_ leg: TokenLeg, _ body: (inout TokenPosition) -> Void) {
        // Mutated in place in the dictionary: a copy of the old position would make every
        // trade copy the position's lots.
        let isNew = positions.index(forKey: leg.mint) == nil
        let (old, new) = Self.modify(
            &positions[leg.mint, default: TokenPosition(mint: leg.mint, symbol: leg.symbol)], body)
        totals.replace(isNew ? nil : old, with: new)
        touched.insert(leg.mint)
    }

    private static func modify(
        _ position: inout TokenPosition, _ body: (inout TokenPosition) -> Void
    ) -> (PnLTotals.PositionFigures, PnLTotals.PositionFigures) {
        let old = PnLTotals.PositionFigures(position)
        body(&position)
        return (old, PnLTotals.PositionFigures(position))
    }
}
