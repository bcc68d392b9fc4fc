import WalletStreamCore

/// Adds to token figures what their metadata knows: the token's name and, for an open
/// position with a known price, its value and unrealized P&L in US dollars. Read-time figures:
/// prices move, so they are never part of the P&L state kept at write time.
public enum TokenValuation {
    public static func enrich(
        _ tokens: [TokenSummary], of wallet: WalletAddress, store: any TokenMetadataStore & PositionStore
    ) async throws -> [TokenSummary] {
        guard !tokens.isEmpty else { return tokens }
        let metadata = try await store.tokenMetadata(mints: tokens.map(\.mint))
        let priced = tokens.filter { $0.openQuantity.isPositive && metadata[$0.mint]?.priceUSD != nil }.map(\.mint)
        var openCostUSD: [String: Amount?] = [:]
        for position in try await store.positions(of: wallet, mints: priced) {
            openCostUSD[position.mint] = position.lots.reduce(Amount?.some(.zero)) { sum, lot in
                guard let sum, let cost = lot.costUSD else { return nil }
                return sum + cost
            }
        }
        return tokens.map { token in
            var token = token
            guard let entry = metadata[token.mint] else { return token }
            token.name = entry.name
            guard token.openQuantity.isPositive, let price = entry.priceUSD else { return token }
            let value = token.openQuantity.multiplied(by: price, dividedBy: Amount(1))
            token.lastPriceUSD = price
            token.priceTime = entry.fetchedAt
            token.openValueUSD = value
            if let cost = openCostUSD[token.mint] ?? nil { token.unrealizedPnLUSD = value - cost }
            return token
        }
    }
}
