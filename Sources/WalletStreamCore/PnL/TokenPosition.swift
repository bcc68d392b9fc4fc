import DequeModule

/// The running FIFO state of one token in one wallet: what a store persists so that readers
/// never replay trades.
public struct TokenPosition: Sendable, Hashable {
    public let mint: String
    public var symbol: String
    public var buys = 0
    public var sells = 0
    public var boughtQuantity = Amount.zero
    public var soldQuantity = Amount.zero
    public var openQuantity = Amount.zero
    public var openCostSOL = Amount.zero
    public var realizedSOL = Amount.zero
    public var realizedUSD = Amount.zero
    public var unmatchedQuantity = Amount.zero
    /// Open lots, oldest first.
    public var lots = Deque<Lot>()

    public init(mint: String, symbol: String) {
        self.mint = mint
        self.symbol = symbol
    }

    /// The position as reported.
    public var summary: TokenSummary {
        TokenSummary(
            mint: mint, symbol: symbol, buys: buys, sells: sells, boughtQuantity: boughtQuantity,
            soldQuantity: soldQuantity, openQuantity: openQuantity, openCostSOL: openCostSOL,
            realizedPnLSOL: realizedSOL, realizedPnLUSD: realizedUSD, unmatchedQuantity: unmatchedQuantity)
    }

    /// What a disposal took out of the open lots.
    struct Disposal {
        var matchedQuantity = Amount.zero
        var costSOL = Amount.zero
        /// Nil when any consumed lot had no USD cost.
        var costUSD: Amount? = .zero
    }

    mutating func acquire(quantity: Amount, costSOL: Amount, costUSD: Amount?) {
        buys += 1
        boughtQuantity += quantity
        guard quantity.isPositive else {
            // Nothing received: whatever was paid is gone.
            realizedSOL -= costSOL
            if let costUSD { realizedUSD -= costUSD }
            return
        }
        lots.append(Lot(quantity: quantity, costSOL: costSOL, costUSD: costUSD))
        openQuantity += quantity
        openCostSOL += costSOL
    }

    /// Consumes `quantity` from the oldest lots, pro rata within a partial lot. The part no lot
    /// covers is recorded as unmatched and carries no cost.
    mutating func dispose(quantity: Amount) -> Disposal {
        sells += 1
        soldQuantity += quantity
        var disposal = Disposal()
        var remaining = quantity
        while remaining.isPositive, var lot = lots.first {
            if lot.quantity <= remaining {
                lots.removeFirst()
                remaining -= lot.quantity
                disposal.matchedQuantity += lot.quantity
                disposal.costSOL += lot.costSOL
                disposal.costUSD = Self.sum(disposal.costUSD, lot.costUSD)
            } else {
                let partSOL = lot.costSOL.multiplied(by: remaining, dividedBy: lot.quantity)
                let partUSD = lot.costUSD.map { $0.multiplied(by: remaining, dividedBy: lot.quantity) }
                lot.quantity -= remaining
                lot.costSOL -= partSOL
                lot.costUSD = lot.costUSD.map { $0 - (partUSD ?? .zero) }
                lots[lots.startIndex] = lot
                disposal.matchedQuantity += remaining
                disposal.costSOL += partSOL
                disposal.costUSD = Self.sum(disposal.costUSD, partUSD)
                remaining = .zero
            }
        }
        if remaining.isPositive { unmatchedQuantity += remaining }
        // A closed position keeps no lot buffer: most tokens of a busy wallet end fully sold.
        if lots.isEmpty { lots = Deque() }
        openQuantity -= disposal.matchedQuantity
        openCostSOL -= disposal.costSOL
        return disposal
    }

    /// Books the proceeds of the matched part of a disposal of `quantity`.
    mutating func realize(_ disposal: Disposal, of quantity: Amount, proceedsSOL: Amount?, proceedsUSD: Amount?) {
        guard disposal.matchedQuantity.isPositive else { return }
        if let proceedsSOL {
            realizedSOL += proceedsSOL.multiplied(by: disposal.matchedQuantity, dividedBy: quantity) - disposal.costSOL
        }
        if let proceedsUSD, let costUSD = disposal.costUSD {
            realizedUSD += proceedsUSD.multiplied(by: disposal.matchedQuantity, dividedBy: quantity) - costUSD
        }
    }

    private static func sum(_ lhs: Amount?, _ rhs: Amount?) -> Amount? {
        guard let lhs, let rhs else { return nil }
        return lhs + rhs
    }
}
