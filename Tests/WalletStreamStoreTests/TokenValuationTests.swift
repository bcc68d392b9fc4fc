import Testing
import WalletStreamCore
import WalletStreamStore
import WalletStreamTestSupport

/// Token pages with names and, for open positions at a known price, value and unrealized P&L
/// in dollars, on both backends; null where nothing is known, never zero.
@Suite(.timeLimit(.minutes(2))) struct TokenValuationTests {
    typealias F = TradeFixtures

    @Test(arguments: StoreBackend.allCases) func openPositionsAtAKnownPriceAreValued(_ backend: StoreBackend)
        async throws
    {
        try await StoreFixtures.withStore(backend) { store in
            let trades = [
                // MOON: 100 bought for $150, 40 of them sold: 60 open, costing $90.
                F.buy("MOON", quantity: "100", sol: "1", usd: "150", slot: 1),
                F.sell("MOON", quantity: "40", sol: "0.5", usd: "80", slot: 2),
                // NOPRICE: open, but its metadata has no price.
                F.buy("NOPRICE", quantity: "5", sol: "0.1", usd: "15", slot: 3),
                // CLOSED: priced, but nothing is open.
                F.buy("CLOSED", quantity: "2", sol: "0.1", usd: "15", slot: 4),
                F.sell("CLOSED", quantity: "2", sol: "0.2", usd: "30", slot: 5),
                // NOUSD: open and priced, but bought without a USD value: its cost is unknown.
                F.buy("NOUSD", quantity: "10", sol: "0.1", slot: 6),
            ]
            _ = try await store.insert(trades, wallet: F.walletA)
            try await store.storeTokenMetadata([
                TokenMetadata(
                    mint: "MOON", symbol: "MOON", name: "Moon Coin", priceUSD: Amount("2.5"), fetchedAt: 1_750_000_000),
                TokenMetadata(mint: "NOPRICE", symbol: "NP", name: "No Price", fetchedAt: 1_750_000_000),
                TokenMetadata(
                    mint: "CLOSED", symbol: "CL", name: "Closed", priceUSD: Amount("9"), fetchedAt: 1_750_000_000),
                TokenMetadata(
                    mint: "NOUSD", symbol: "NU", name: "No USD", priceUSD: Amount("1"), fetchedAt: 1_750_000_000),
            ])
            let page = try await store.tokens(of: F.walletA, order: .mint, after: nil, limit: 10)
            let valued = try await TokenValuation.enrich(page.tokens, of: F.walletA, store: store)
            let byMint = Dictionary(uniqueKeysWithValues: valued.map { ($0.mint, $0) })

            let moon = try #require(byMint["MOON"])
            #expect(moon.name == "Moon Coin" && moon.lastPriceUSD == Amount("2.5") && moon.priceTime == 1_750_000_000)
            #expect(moon.openValueUSD == Amount("150") && moon.unrealizedPnLUSD == Amount("60"))

            let noPrice = try #require(byMint["NOPRICE"])
            #expect(noPrice.name == "No Price")
            #expect(noPrice.lastPriceUSD == nil && noPrice.openValueUSD == nil && noPrice.unrealizedPnLUSD == nil)

            let closed = try #require(byMint["CLOSED"])
            #expect(closed.lastPriceUSD == nil && closed.openValueUSD == nil && closed.unrealizedPnLUSD == nil)

            let noUSD = try #require(byMint["NOUSD"])
            #expect(noUSD.openValueUSD == Amount("10") && noUSD.unrealizedPnLUSD == nil)

            // Everything but the read-time figures is what the store keeps.
            #expect(valued.map(\.mint) == page.tokens.map(\.mint))
            #expect(valued.map(\.realizedPnLUSD) == page.tokens.map(\.realizedPnLUSD))
        }
    }
}
