extension PnLEngine {
    /// How many tokens a summary lists at each end of the ranking.
    public static let rankedTokens = 10

    /// Every held position's figures, by realized SOL P&L best first, then by mint.
    public func tokenSummaries() -> [TokenSummary] {
        positions.values.map(\.summary).sorted(by: TokenSummary.ranksBefore)
    }

    /// The summary of everything consumed so far (the engine must hold every position).
    public func summary() -> WalletSummary {
        let tokens = tokenSummaries()
        let sold = tokens.filter { $0.sells > 0 }
        return WalletSummary(
            wallet: wallet.rawValue, totals: totals, bestToken: sold.first, worstToken: sold.last,
            topTokens: Array(tokens.prefix(Self.rankedTokens)),
            bottomTokens: Array(tokens.suffix(Self.rankedTokens).reversed()))
    }
}

extension TokenSummary {
    /// The ranking order: realized SOL P&L, highest first, then mint (UTF-8 bytes) ascending.
    public static func ranksBefore(_ lhs: TokenSummary, _ rhs: TokenSummary) -> Bool {
        lhs.realizedPnLSOL != rhs.realizedPnLSOL
            ? lhs.realizedPnLSOL > rhs.realizedPnLSOL
            : lhs.mint.utf8.lexicographicallyPrecedes(rhs.mint.utf8)
    }
}
