import AsyncHTTPClient
import Foundation
import Testing
import WalletStreamCore
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

/// `sync --backfill-prices`: trades stored before names and prices existed get them, and the
/// P&L state and stream chunks follow, on both backends.
@Suite(.timeLimit(.minutes(2))) struct BackfillTests {
    @Test(arguments: StoreBackend.allCases) func aBackfillNamesAndValuesOldTradesAndRebuildsWhatIsShown(
        _ backend: StoreBackend
    ) async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 300)) { simulator, base in
            try await StoreFixtures.withStore(backend) { store in
                let wallet = try WalletAddress(validating: simulator.demoWallet)
                // What a sync stored before names and prices: mint prefixes, no USD value.
                let old = simulator.expectedTrades(wallet: wallet.rawValue).map { trade in
                    var stored = trade
                    for keyPath in [\Trade.sold, \Trade.bought] where !Mint.isSOL(trade[keyPath: keyPath].mint) {
                        stored[keyPath: keyPath].symbol = String(trade[keyPath: keyPath].mint.prefix(6))
                    }
                    stored.usdValue = nil
                    stored.usdSource = nil
                    return stored
                }
                _ = try await store.insert(old, wallet: wallet)
                #expect(try await store.summary(of: wallet).volumeUSD == Amount(units: 0))

                let client = UpstreamClient(
                    http: HTTPClient.shared,
                    configuration: UpstreamConfiguration(
                        rpcURL: base + "/", apiURL: base, apiKey: "simulator-key", requestsPerSecond: 0,
                        baseBackoff: .milliseconds(20), prices: PriceSourceConfiguration(url: base)),
                    logger: SyncFixture.quiet)
                let syncer = WalletSyncer(store: store, client: client, logger: SyncFixture.quiet)
                let report = try await syncer.backfill(wallet)
                #expect(report.tradesRewritten > 0 && report.tradesWithoutPrice == 0)

                var stored: [Trade] = []
                try await store.forEachTrade(of: wallet) { stored.append($0) }
                #expect(stored.count == old.count)
                TokenMetadataSyncTests.assertNamed(stored, by: simulator)
                #expect(PriceSyncTests.assertValued(stored, by: simulator) == 0)
                #expect(stored.contains { $0.usdSource == .priceHistory })

                // The P&L state and the stream's chunks were rebuilt from the rewritten trades.
                let summary = try await store.summary(of: wallet)
                #expect(summary == (try await store.replayPnL(of: wallet)).summary())
                #expect(summary.volumeUSD > Amount(units: 0))
                var streamed: [Trade] = []
                var cursor: TradeCursor?
                while true {
                    let page = try await store.streamPage(wallet: wallet, after: cursor, limit: 500)
                    for row in page.rows { streamed.append(try JSONDecoder().decode(Trade.self, from: Data(row.json))) }
                    guard page.isFull, let last = page.rows.last else { break }
                    cursor = last.cursor(wallet: wallet)
                }
                #expect(streamed == stored)

                // Nothing left to do the second time: no rewrite, no upstream request.
                let requests = simulator.counters.rpcRequests + simulator.counters.priceRequests
                let again = try await syncer.backfill(wallet)
                #expect(again.tradesRewritten == 0)
                #expect(simulator.counters.rpcRequests + simulator.counters.priceRequests == requests)
            }
        }
    }

    @Test func aSwapWithAStablecoinLegIsWorthThatLegWithoutAnyPriceSource() async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration()) { _, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let wallet = TradeFixtures.walletA
            let usdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
            let swap = Trade(
                signature: "SWAP1", slot: 10, blockTime: 1_750_000_000, venue: "test", side: .swap,
                sold: TokenLeg(mint: usdc, symbol: String(usdc.prefix(6)), amount: Amount("25.5") ?? .zero),
                bought: TokenLeg(mint: "Moon111", symbol: "Moon11", amount: Amount("1000") ?? .zero), solAmount: nil)
            _ = try await fixture.store.insert([swap], wallet: wallet)
            let report = try await fixture.syncer.backfill(wallet)
            let stored = try await fixture.storedTrades(wallet)
            #expect(report.tradesValued == 1 && stored.count == 1)
            #expect(stored.first?.usdValue == Amount("25.5") && stored.first?.usdSource == .stablecoin)
        }
    }
}
