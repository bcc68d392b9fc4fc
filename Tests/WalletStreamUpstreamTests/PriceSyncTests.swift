import Foundation
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

/// Syncs value trades in US dollars from a UDF price history: the SOL leg times the close of the
/// trade's minute, days of candles fetched once for every wallet, gaps left unknown and counted.
@Suite(.timeLimit(.minutes(2))) struct PriceSyncTests {
    typealias Fault = UpstreamSimulatorConfiguration.Fault

    static func minute(_ trade: Trade) -> Int64 { trade.blockTime / 60 * 60 }

    /// Every trade with a SOL leg is valued at the simulator's close of its minute, unless the
    /// minute has none; returns how many had none.
    @discardableResult
    static func assertValued(_ trades: [Trade], by simulator: UpstreamSimulator) -> Int {
        var missing = 0
        for trade in trades {
            guard let sol = trade.solAmount else { continue }
            if let close = simulator.solClose(minute: minute(trade)) {
                #expect(trade.usdValue == sol.multiplied(by: close, dividedBy: Amount(1)), "\(trade.signature)")
                #expect(trade.usdSource == .priceHistory)
            } else {
                #expect(trade.usdValue == nil && trade.usdSource == nil, "a price was made up for a gap")
                missing += 1
            }
        }
        return missing
    }

    static func days(_ trades: [Trade]) -> Set<Int64> {
        Set(trades.filter { $0.solAmount != nil }.map { $0.blockTime / 86_400 })
    }

    @Test func aSyncValuesItsTradesFetchingEachDayOnceForEveryWallet() async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 400)) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, prices: true)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            let report = try await fixture.syncer.sync(wallet)
            let stored = try await fixture.storedTrades(wallet)
            #expect(Self.assertValued(stored, by: simulator) == 0)
            #expect(report.tradesValued == stored.filter { $0.solAmount != nil }.count)
            #expect(report.tradesWithoutPrice == 0)
            let days = Self.days(stored)
            #expect(simulator.counters.priceRequests == days.count, "a day of candles was fetched twice")

            // USD P&L follows from the values through the P&L rules, kept at write time.
            let summary = try await fixture.store.summary(of: wallet)
            #expect(summary.volumeUSD > Amount(units: 0) && summary.realizedPnLUSD != Amount(units: 0))
            #expect(summary == (try await fixture.store.replayPnL(of: wallet)).summary())

            // Another wallet trading on the same days needs no new candles.
            let other = try WalletAddress(validating: TradeFixtures.walletB.rawValue)
            _ = try await fixture.syncer.sync(other)
            let otherDays = Self.days(try await fixture.storedTrades(other))
            #expect(simulator.counters.priceRequests == days.union(otherDays).count)
        }
    }

    @Test func theRealWalletsSwapsGetTheUSDValuesOfItsRealExport() async throws {
        let configuration = UpstreamSimulatorConfiguration(
            sampleTransactionsPath: SharedData.realWalletTransactions, sampleTradesCSVPath: SharedData.walletCSV)
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, prices: true)
            let wallet = try WalletAddress(validating: UpstreamSimulator.realWallet)
            _ = try await fixture.syncer.sync(wallet)
            let synced = try await fixture.storedTrades(wallet)
            #expect(synced.count == 4)

            // The simulator's candles for these minutes are the prices the export implies (its
            // USD value over its SOL amount), so the synced values must be the export's, to the cent.
            let csvStore = try StoreFixtures.sqlite(in: directory, name: "csv.sqlite")
            _ = try await CSVImporter(store: csvStore, logger: SyncFixture.quiet).importFile(at: SharedData.walletCSV)
            var exported: [String: Trade] = [:]
            try await csvStore.forEachTrade(of: wallet) { exported["\($0.signature)/\($0.leg)"] = $0 }
            for trade in synced {
                let csv = try #require(exported["\(trade.signature)/\(trade.leg)"])
                #expect(trade.usdSource == .priceHistory)
                #expect(
                    trade.usdValue?.rounded(toDecimals: 2) == csv.usdValue?.rounded(toDecimals: 2),
                    "\(trade.signature): \(String(describing: trade.usdValue)) vs \(String(describing: csv.usdValue))")
            }

            // Trades imported from the CSV first keep the CSV's values when the chain sync meets them.
            let imported = try SyncFixture(
                simulatorURL: base, directory: directory, prices: true, storeName: "imported.sqlite")
            _ = try await CSVImporter(store: imported.store, logger: SyncFixture.quiet).importFile(
                at: SharedData.walletCSV)
            _ = try await imported.syncer.sync(wallet)
            for trade in try await imported.storedTrades(wallet) where trade.usdValue != nil {
                let csv = try #require(exported["\(trade.signature)/\(trade.leg)"])
                #expect(trade.usdValue == csv.usdValue && trade.usdSource == .csv)
            }
        }
    }

    @Test func minutesWithoutCandlesStayUnknownAndAreCounted() async throws {
        // The generated history's first day has no candles at all, and an hour of the second none.
        let probe = UpstreamSimulator(configuration: UpstreamSimulatorConfiguration(walletTrades: 400))
        let first = probe.expectedTrades(wallet: probe.demoWallet).map(\.blockTime).min() ?? 0
        let day = first / 86_400 * 86_400
        let gaps = [day...(day + 86_399), (day + 86_400 + 3_600)...(day + 86_400 + 7_199)]
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 400, priceGaps: gaps)
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, prices: true)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            let report = try await fixture.syncer.sync(wallet)
            let missing = Self.assertValued(try await fixture.storedTrades(wallet), by: simulator)
            #expect(missing > 0 && report.tradesWithoutPrice == missing)
        }
    }

    static let priceFaults: [(String, Fault)] = [
        ("429 with Retry-After", Fault(.rateLimited(retryAfter: 1), api: .prices, schedule: .next(1))),
        ("5xx", Fault(.serverError(status: 503), api: .prices, schedule: .next(2))),
        ("truncated body", Fault(.truncatedBody, api: .prices, schedule: .next(1))),
        ("malformed JSON", Fault(.malformedJSON, api: .prices, schedule: .next(1))),
        ("dropped connection", Fault(.dropConnection, api: .prices, schedule: .next(1))),
    ]

    @Test(arguments: priceFaults)
    func priceRequestsAreRetriedLikeEveryRequest(name: String, fault: Fault) async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 200, faults: [fault])
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            let directory = TemporaryDirectory()
            // The default request timeout, as for the asset lookups' faults.
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, prices: true)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            let report = try await fixture.syncer.sync(wallet)
            #expect(simulator.counters.faultsInjected >= 1, "\(name)")
            #expect(report.retries.values.reduce(0, +) >= 1, "\(name): not retried")
            #expect(Self.assertValued(try await fixture.storedTrades(wallet), by: simulator) == 0)
        }
    }
}
