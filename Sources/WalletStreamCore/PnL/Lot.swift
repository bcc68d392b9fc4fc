/// An open FIFO lot: a quantity of one token and what it cost.
struct Lot: Sendable {
    var quantity: Amount
    var costSOL: Amount
    /// Nil when the acquisition's USD value was unknown.
    var costUSD: Amount?
}
