extension ParsedTransaction {
    /// Why a transaction yields no trade for the wallet. The raw values are stable: they are
    /// counted and reported.
    public enum SkipReason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The transaction failed on chain (`transactionError` is set); only the fee moved.
        case failed
        /// Nothing of the wallet changed apart from the fee (e.g. only intermediate hops, or
        /// another wallet's transaction that merely lists it).
        case noTrade = "no_trade"
        /// Tokens moved one way only: the wallet gave without receiving, or received without giving.
        case transferOnly = "transfer_only"
        /// The wallet only received a little SOL (at most the parser's dust threshold) in a
        /// transaction it did not pay for: address-poisoning and spam.
        case dust
        /// Only SOL moved (native or wrapped), no token.
        case solOnly = "sol_only"
        /// SOL was only wrapped into or unwrapped from the wallet's own wSOL account.
        case wrapUnwrap = "wrap_unwrap"
        /// The wallet gave several tokens and received several, or a split could not be
        /// attributed to counterparties, so gives cannot be paired with receives.
        case ambiguous
        /// An amount could not be read exactly (bad integer text, unsupported decimals, overflow).
        case unparseable
    }
}
