/// An open FIFO lot: a quantity of one token and what it cost.
public struct Lot: Sendable, Hashable {
    public var quantity: Amount
    public var costSOL: Amount
    /// Nil when the acquisition's USD value was unknown.
    public var costUSD: Amount?

    public init(quantity: Amount, costSOL: Amount, costUSD: Amount?) {
        self.quantity = quantity
        self.costSOL = costSOL
        self.costUSD = costUSD
    }
}
