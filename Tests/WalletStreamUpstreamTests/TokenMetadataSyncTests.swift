import Foundation
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

/// Syncs name tokens from the DAS API's `getAssetBatch`: each mint looked up once, stored for
/// every wallet, its text cleaned; unknown mints keep the mint's first characters.
@Suite(.timeLimit(.minutes(2))) struct TokenMetadataSyncTests {
    typealias Fault = UpstreamSimulatorConfiguration.Fault

    /// The symbol a stored trade must show for `mint`.
    static func expectedSymbol(_ mint: String, _ simulator: UpstreamSimulator) -> String {
        if Mint.isSOL(mint) { return "SOL" }
        return TokenText.symbol(simulator.asset(for: mint)?.symbol) ?? String(mint.prefix(6))
    }

    static func assertNamed(_ trades: [Trade], by simulator: UpstreamSimulator) {
        for trade in trades {
            for leg in [trade.sold, trade.bought] {
                #expect(leg.symbol == expectedSymbol(leg.mint, simulator), "\(trade.signature) \(leg.mint)")
            }
        }
    }

    static func mints(_ trades: [Trade]) -> Set<String> {
        Set(trades.flatMap { [$0.sold.mint, $0.bought.mint] }.filter { !Mint.isSOL($0) })
    }

    @Test func aSyncNamesItsTradesLookingUpEachMintOnce() async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 600)) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            let report = try await fixture.syncer.sync(wallet)
            let stored = try await fixture.storedTrades(wallet)
            let mints = Self.mints(stored)
            Self.assertNamed(stored, by: simulator)

            let unknown = mints.filter { simulator.asset(for: $0) == nil }
            #expect(!unknown.isEmpty && unknown.count < mints.count, "the simulator should know most mints, not all")
            #expect(report.mintsLookedUp == mints.count && report.mintsUnknown == unknown.count)
            #expect(report.tradesRewritten == 0, "a fresh wallet's trades were renamed after the sync")
            #expect(simulator.counters.assetsAsked == mints.count, "a mint was looked up twice")
            let metadata = try await fixture.store.tokenMetadata(mints: Array(mints))
            #expect(Set(metadata.keys) == mints)
            for (mint, entry) in metadata {
                #expect(entry.symbol == TokenText.symbol(simulator.asset(for: mint)?.symbol))
                #expect(entry.name == TokenText.name(simulator.asset(for: mint)?.name))
            }
            // Summaries and token tables show the names too (the P&L state is written with them).
            let tokens = try await fixture.store.tokens(of: wallet, order: .mint, after: nil, limit: 1000)
            for token in tokens.tokens { #expect(token.symbol == Self.expectedSymbol(token.mint, simulator)) }

            // Stored once for every wallet: a later sync asks for no mint it already knows.
            let asked = simulator.counters.assetRequests
            _ = try await fixture.syncer.sync(wallet)
            #expect(simulator.counters.assetRequests == asked)
        }
    }

    @Test func aSyncThatNamesAMintRenamesTheTradesStoredEarlierUnderItsPrefix() async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 300)) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            // The older half of the history, as a sync stored it before tokens were named.
            let expected = simulator.expectedTrades(wallet: wallet.rawValue)
            let earlier = expected.prefix(expected.count / 2).map { trade in
                var stored = trade
                for keyPath in [\Trade.sold, \Trade.bought] where !Mint.isSOL(trade[keyPath: keyPath].mint) {
                    stored[keyPath: keyPath].symbol = String(trade[keyPath: keyPath].mint.prefix(6))
                }
                return stored
            }
            _ = try await fixture.store.insert(Array(earlier), wallet: wallet)

            let report = try await fixture.syncer.sync(wallet)
            #expect(report.tradesRewritten > 0)
            let stored = try await fixture.storedTrades(wallet)
            #expect(stored.count == expected.count)
            Self.assertNamed(stored, by: simulator)
            let tokens = try await fixture.store.tokens(of: wallet, order: .mint, after: nil, limit: 1000)
            for token in tokens.tokens { #expect(token.symbol == Self.expectedSymbol(token.mint, simulator)) }
        }
    }

    @Test func theRealWalletsSwapsGetTheSymbolsOfItsRealExport() async throws {
        let configuration = UpstreamSimulatorConfiguration(
            sampleTransactionsPath: SharedData.realWalletTransactions, sampleTradesCSVPath: SharedData.walletCSV)
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let wallet = try WalletAddress(validating: UpstreamSimulator.realWallet)
            _ = try await fixture.syncer.sync(wallet)
            let synced = try await fixture.storedTrades(wallet)
            #expect(synced.count == 4)

            // The same transactions as the tracker exported them, symbols included.
            let csvStore = try StoreFixtures.sqlite(in: directory, name: "csv.sqlite")
            _ = try await CSVImporter(store: csvStore, logger: SyncFixture.quiet).importFile(at: SharedData.walletCSV)
            var exported: [String: [String: String]] = [:]  // signature → mint → symbol
            try await csvStore.forEachTrade(of: wallet) { trade in
                for leg in [trade.sold, trade.bought] { exported[trade.signature, default: [:]][leg.mint] = leg.symbol }
            }
            for trade in synced {
                let symbols = try #require(exported[trade.signature], "\(trade.signature) is not in the export")
                for leg in [trade.sold, trade.bought] where !Mint.isSOL(leg.mint) {
                    #expect(leg.symbol == symbols[leg.mint], "\(trade.signature): \(leg.mint)")
                    #expect(leg.symbol != String(leg.mint.prefix(6)))
                }
            }
        }
    }

    static let assetFaults: [(String, Fault)] = [
        ("429 with Retry-After", Fault(.rateLimited(retryAfter: 1), api: .rpc, schedule: .next(1))),
        ("5xx", Fault(.serverError(status: 502), api: .rpc, schedule: .next(2))),
        ("truncated body", Fault(.truncatedBody, api: .rpc, schedule: .next(1))),
        ("malformed JSON", Fault(.malformedJSON, api: .rpc, schedule: .next(1))),
        ("dropped connection", Fault(.dropConnection, api: .rpc, schedule: .next(1))),
    ]

    @Test(arguments: assetFaults)
    func assetLookupsAreRetriedLikeEveryRequest(name: String, fault: Fault) async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 250)) { simulator, base in
            let directory = TemporaryDirectory()
            // The default request timeout: none of these faults needs a short one, and 1 s failed
            // every attempt of the listing on a loaded CI machine.
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            // The listing is one page; the JSON-RPC requests after it are the asset lookups.
            let injected = Mutex(false)
            let report = try await fixture.syncer.sync(wallet) { progress in
                guard progress.step == .fetchingTransactions, !injected.withLock({ $0 }) else { return }
                injected.withLock { $0 = true }
                simulator.inject(fault)
            }
            #expect(simulator.counters.faultsInjected >= 1, "\(name)")
            #expect(report.retries.values.reduce(0, +) >= 1, "\(name): not retried")
            Self.assertNamed(try await fixture.storedTrades(wallet), by: simulator)
        }
    }
}
