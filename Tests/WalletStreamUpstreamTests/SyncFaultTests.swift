import AsyncHTTPClient
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

/// Every fault the simulator can inject: the sync recovers and the ledger ends complete and free
/// of duplicates, or it stops with an error that says how far it got.
@Suite(.timeLimit(.minutes(2))) struct SyncFaultTests {
    typealias Fault = UpstreamSimulatorConfiguration.Fault

    static func assertComplete(_ fixture: SyncFixture, _ simulator: UpstreamSimulator, _ wallet: WalletAddress)
        async throws
    {
        let stored = try await fixture.storedTrades(wallet).map(LedgerEntry.init)
        let expected = simulator.expectedTrades(wallet: wallet.rawValue).map(LedgerEntry.init)
        #expect(Set(stored).count == stored.count, "duplicates stored")
        #expect(stored == expected, "ledger differs from the simulator's ground truth")
        let state = try await fixture.store.syncState(wallet: wallet)
        #expect(state.pending == 0 && state.newestSynced != nil)
        // The P&L state kept at write time equals a replay of what the sync stored.
        let summary = try await fixture.store.summary(of: wallet)
        #expect(summary == (try await fixture.store.replayPnL(of: wallet)).summary())
        #expect(summary.trades == stored.count)
    }

    static let recoverable: [(String, Fault)] = [
        ("429 with Retry-After", Fault(.rateLimited(retryAfter: 1), schedule: .next(2))),
        ("5xx burst", Fault(.serverError(status: 503), schedule: .next(3))),
        ("slow past the client timeout", Fault(.slow(.seconds(3)), api: .helius, schedule: .next(1))),
        ("dropped connection", Fault(.dropConnection, schedule: .next(2))),
        ("truncated body", Fault(.truncatedBody, api: .helius, schedule: .next(2))),
        ("malformed JSON", Fault(.malformedJSON, schedule: .next(2))),
        ("truncated signature page", Fault(.truncatedBody, api: .rpc, schedule: .next(1))),
    ]

    @Test(arguments: recoverable)
    func recoversFrom(name: String, fault: Fault) async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 250, faults: [fault])
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, requestTimeout: .seconds(1))
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            let report = try await fixture.syncer.sync(wallet)
            #expect(report.retries.values.reduce(0, +) >= 1, "\(name): the fault was not retried")
            #expect(simulator.counters.faultsInjected >= 1)
            try await Self.assertComplete(fixture, simulator, wallet)
        }
    }

    @Test func randomFaultsAndARateLimitStillEndComplete() async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 300, rateLimit: 40, failRate: 0.2)
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, maxAttempts: 10)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            let report = try await fixture.syncer.sync(wallet)
            #expect(report.retries.values.reduce(0, +) >= 1)
            try await Self.assertComplete(fixture, simulator, wallet)
        }
    }

    @Test func persistentFailureStopsWithProgressAndASecondRunResumesWithoutRefetching() async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 600)) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, maxAttempts: 3, concurrency: 1)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            // The upstream dies for good once 300 transactions are stored.
            let broken = Mutex(false)
            do {
                _ = try await fixture.syncer.sync(wallet) { progress in
                    guard progress.transactionsFetched >= 300, !broken.withLock({ $0 }) else { return }
                    broken.withLock { $0 = true }
                    simulator.inject(Fault(.serverError(status: 500), api: .helius, schedule: .every(1)))
                }
                Issue.record("the sync succeeded against a dead upstream")
            } catch let error as WalletStreamError {
                #expect(error.code == .upstreamUnavailable)
                #expect(error.message.contains("storing"), "\(error.message)")
                #expect(error.message.contains("run the sync again"), "\(error.message)")
            }
            let stopped = try await fixture.store.syncState(wallet: wallet)
            #expect(stopped.listingComplete && stopped.pending > 0)
            #expect(stopped.newestSynced == nil, "an unfinished sync is not recorded as done")
            let storedBefore = try await fixture.store.count(wallet: wallet)
            #expect(storedBefore > 0)

            // The upstream recovers: the second run lists nothing again and fetches only the rest.
            simulator.clearFaults()
            let listingBefore = simulator.counters.listingRequests
            let heliusBefore = simulator.counters.heliusRequests
            let report = try await fixture.syncer.sync(wallet)
            #expect(simulator.counters.listingRequests == listingBefore, "the listing was redone")
            let batches = (stopped.pending + 99) / 100
            #expect(simulator.counters.heliusRequests - heliusBefore == batches, "fetched more than what was left")
            #expect(report.transactionsFetched == stopped.pending)
            try await Self.assertComplete(fixture, simulator, wallet)
        }
    }

    @Test func laterSyncFetchesOnlyNewerSignatures() async throws {
        let directory = TemporaryDirectory()
        let wallet: WalletAddress
        // First the wallet has 300 trades; later the chain has 360 (same seed: same history, longer).
        let first = try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 300)) {
            simulator, base in
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let address = try WalletAddress(validating: simulator.demoWallet)
            _ = try await fixture.syncer.sync(address)
            return (address, try await fixture.store.count(wallet: address))
        }
        wallet = first.0
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 360)) { simulator, base in
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let report = try await fixture.syncer.sync(wallet)
            let total = simulator.transactionCount(wallet: wallet.rawValue)
            #expect(report.signaturesListed < total / 2, "listed \(report.signaturesListed) of \(total)")
            #expect(report.signaturesListed > 0)
            #expect(report.alreadyPresent == 0, "refetched stored transactions")
            #expect(try await fixture.store.count(wallet: wallet) == first.1 + report.tradesStored)
            try await Self.assertComplete(fixture, simulator, wallet)
        }
    }

    @Test func wrongAPIKeyFailsAtOnceWithoutRetrying() async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 50)) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory, apiKey: "wrong-key")
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            do {
                _ = try await fixture.syncer.sync(wallet)
                Issue.record("synced with a wrong key")
            } catch let error as WalletStreamError {
                #expect(error.code == .upstreamUnavailable)
                // The hint is for the operator (the log, the CLI), never in what clients see.
                #expect(!error.message.contains("HELIUS_API_KEY"))
                #expect("\(error.underlying.map { "\($0)" } ?? "")".contains("HELIUS_API_KEY"))
                #expect(!error.message.contains("wrong-key"), "the key leaked into an error")
                #expect(!"\(error.underlying.map { "\($0)" } ?? "")".contains("wrong-key"), "the key leaked into a log")
            }
            #expect(fixture.client.stats.totalRetries == 0)
        }
    }
}
