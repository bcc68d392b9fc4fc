import AsyncHTTPClient
import Foundation
import Logging
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamServer
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream
import WalletStreamWire

/// `serve` with an upstream: a wallet not yet stored is synced on demand, and its stream sends
/// trades while the sync runs, in the total order, never overtaken by a later-fetched trade.
@Suite(.timeLimit(.minutes(2))) struct StreamWhileSyncingTests {
    struct Ledger: Hashable {
        var signature: String
        var leg: Int
        var sold: String
        var soldAmount: Amount
        var bought: String
        var boughtAmount: Amount

        init(_ trade: Trade) {
            signature = trade.signature
            leg = trade.leg
            sold = trade.sold.mint
            soldAmount = trade.sold.amount
            bought = trade.bought.mint
            boughtAmount = trade.bought.amount
        }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "stream-sync-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// A server whose coordinator syncs from a simulator, with a fresh store.
    static func withSyncingServer<T: Sendable>(
        trades: Int, latency: Duration = .milliseconds(15), faults: [UpstreamSimulatorConfiguration.Fault] = [],
        maxAttempts: Int = 4, serverConfiguration: ServerConfiguration = ServerConfiguration(),
        maxAge: Duration = .seconds(60), maxConcurrentSyncs: Int = 4, prices: Bool = false,
        _ body: @Sendable (UpstreamSimulator, RunningServer, SQLiteTradeStore) async throws -> T
    ) async throws -> T {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: trades, latency: latency, faults: faults)
        return try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            let directory = TemporaryDirectory()
            let store = try StoreFixtures.sqlite(in: directory)
            let client = UpstreamClient(
                http: HTTPClient.shared,
                configuration: UpstreamConfiguration(
                    rpcURL: base + "/", apiURL: base, apiKey: "simulator-key", maxConcurrency: 2,
                    requestsPerSecond: 0, maxAttempts: maxAttempts, baseBackoff: .milliseconds(10),
                    maxBackoff: .milliseconds(50), prices: prices ? PriceSourceConfiguration(url: base) : nil),
                logger: quiet)
            let coordinator = SyncCoordinator(
                syncer: WalletSyncer(store: store, client: client, logger: quiet), store: store, maxAge: maxAge,
                maxConcurrentSyncs: maxConcurrentSyncs, logger: quiet)
            return try await TestServer.with(store: store, configuration: serverConfiguration, sync: coordinator) {
                server in
                try await body(simulator, server, store)
            }
        }
    }

    @Test func anUnsyncedWalletIsSyncedAndStreamedInFullWhileItLoads() async throws {
        try await Self.withSyncingServer(trades: 1_200) { simulator, server, store in
            let wallet = simulator.demoWallet
            let response = try await SSEClient.read(server.url("/v4/wallet/\(wallet)/stream?batch_size=50"))
            #expect(response.status == .ok)
            let run = try response.run()
            let expected = simulator.expectedTrades(wallet: wallet)
            #expect(run.trades.map(Ledger.init) == expected.map(Ledger.init))
            #expect(run.names.first == "connected" && run.names.suffix(2) == ["summary", "complete"])
            // The client was told what the sync was doing before the first trade arrived.
            let steps = run.progress.map(\.step)
            #expect(steps.contains("listing_signatures") || steps.contains("fetching_transactions"), "\(steps)")
            let firstTrades = try #require(run.names.firstIndex(of: "trades"))
            #expect(run.names[..<firstTrades].contains("progress"))
            // Batches hold batch_size trades except the last; progress never goes back.
            #expect(run.batches.dropLast().allSatisfy { $0.payload.trades.count == 50 })
            let percentages = run.progress.map(\.percentage)
            #expect(percentages == percentages.sorted() && percentages.last == 100)
            #expect(run.summary?.trades == expected.count)
            #expect(run.summary == (try await store.summary(of: try WalletAddress(validating: wallet))))
        }
    }

    @Test func onDemandSyncsAreCountedPerClientPerHour() async throws {
        var configuration = ServerConfiguration()
        configuration.limits.syncsPerHour = 1
        try await Self.withSyncingServer(trades: 300, serverConfiguration: configuration) { simulator, server, _ in
            let wallet = simulator.demoWallet
            let first = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: server.url("/v4/wallet/\(wallet)/summary")), timeout: .seconds(30))
            #expect(first.status == .ok)
            let requestsAfterFirst = (simulator.counters.rpcRequests + simulator.counters.heliusRequests)
            // The hour's one sync is spent: a wallet never synced is refused before any upstream call.
            let other = "So11111111111111111111111111111111111111112"
            let refused = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: server.url("/v4/wallet/\(other)/summary")), timeout: .seconds(30))
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            let body = try await refused.body.collect(upTo: 1 << 16)
            #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(body.readableBytesView)).code == .rateLimited)
            #expect((simulator.counters.rpcRequests + simulator.counters.heliusRequests) == requestsAfterFirst)
            // The synced wallet is still served.
            let again = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: server.url("/v4/wallet/\(wallet)/summary")), timeout: .seconds(30))
            #expect(again.status == .ok)
        }
    }

    @Test func storedWalletsAreServedAtOnceWhileSyncsWaitTheirTurn() async throws {
        try await Self.withSyncingServer(
            trades: 3_000, latency: .milliseconds(100), maxAge: .zero, maxConcurrentSyncs: 1
        ) { simulator, server, _ in
            let stored = simulator.demoWallet
            let first = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: server.url("/v4/wallet/\(stored)/summary")), timeout: .seconds(60))
            #expect(first.status == .ok)
            // A cold wallet's long sync takes the only slot.
            let busy = "So11111111111111111111111111111111111111112"
            let busyDone = Mutex(false)
            let busyStarted = Mutex(false)
            let busyStream = Task {
                defer { busyDone.withLock { $0 = true } }
                return try await SSEClient.read(server.url("/v4/wallet/\(busy)/stream"), timeout: .seconds(90)) {
                    items in
                    if items.eventNames.contains("progress") { busyStarted.withLock { $0 = true } }
                    return false
                }
            }
            try #require(try await Eventually.wait(within: .seconds(30)) { busyStarted.withLock { $0 } })
            // The stored wallet is stale (max age 0): its refresh queues behind, but it is answered
            // from the store now, not after the other wallet's sync.
            let stale = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: server.url("/v4/wallet/\(stored)/trades?limit=5")), timeout: .seconds(60))
            #expect(stale.status == .ok)
            #expect(!busyDone.withLock { $0 }, "the stored wallet waited for another wallet's sync")
            // A second cold wallet waits its turn, and its stream says where it is in line.
            let queued = "11111111111111111111111111111112"
            let response = try await SSEClient.read(server.url("/v4/wallet/\(queued)/stream"), timeout: .seconds(90))
            let run = try response.run()
            let positions = run.progress.compactMap(\.queuePosition)
            #expect(!positions.isEmpty && positions.allSatisfy { $0 >= 1 }, "\(run.progress.map(\.step))")
            #expect(run.progress.first?.step == "queued")
            #expect(positions == positions.sorted(by: >), "the place in line only moves forward")
            #expect(run.trades.map(Ledger.init) == simulator.expectedTrades(wallet: queued).map(Ledger.init))
            _ = try await busyStream.value
        }
    }

    @Test func concurrentRequestsShareOneSync() async throws {
        try await Self.withSyncingServer(trades: 900) { simulator, server, _ in
            let wallet = simulator.demoWallet
            let runs = try await withThrowingTaskGroup(of: [Ledger].self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await SSEClient.read(server.url("/v4/wallet/\(wallet)/stream?batch_size=100")).run()
                            .trades.map(Ledger.init)
                    }
                }
                group.addTask {
                    // A one-shot request waits for the same sync.
                    let url = server.url("/v4/wallet/\(wallet)/trades?limit=1000")
                    let response = try await HTTPClient.shared.execute(
                        HTTPClientRequest(url: url), timeout: .seconds(60))
                    let body = try await response.body.collect(upTo: 16 << 20)
                    struct Page: Decodable { var trades: [Trade] }
                    return try JSONDecoder().decode(Page.self, from: Data(buffer: body)).trades.map(Ledger.init)
                }
                var runs: [[Ledger]] = []
                for try await run in group { runs.append(run) }
                return runs
            }
            let expected = simulator.expectedTrades(wallet: wallet).map(Ledger.init)
            for run in runs { #expect(run == expected) }
            // One listing: one page of signatures per 1000, not one per request.
            let pages = (simulator.transactionCount(wallet: wallet) + 999) / 1000
            #expect(simulator.counters.listingRequests == pages)
        }
    }

    @Test func resumeWorksWhileTheSyncIsStillRunning() async throws {
        try await Self.withSyncingServer(trades: 1_500, latency: .milliseconds(30)) { simulator, server, store in
            let wallet = simulator.demoWallet
            let url = server.url("/v4/wallet/\(wallet)/stream?batch_size=40")
            // Drop the connection right after the first batch.
            let first = try await SSEClient.read(url) { items in items.eventNames.contains("trades") }.run()
            let cursor = try #require(first.batches.last?.id)
            let syncState = try await store.syncState(wallet: try WalletAddress(validating: wallet))
            #expect(syncState.newestSynced == nil, "the sync should still be running when the client resumes")
            let rest = try await SSEClient.read(url, headers: [("Last-Event-ID", cursor)]).run()
            #expect(rest.connected?.resumedAfter == cursor)
            #expect(rest.batches.first?.payload.batchNum == (first.batches.last?.payload.batchNum ?? 0) + 1)
            let all = (first.trades + rest.trades).map(Ledger.init)
            #expect(all == simulator.expectedTrades(wallet: wallet).map(Ledger.init))
        }
    }

    @Test func anUpstreamThatStaysDownEndsTheStreamWithAnErrorEvent() async throws {
        let dead = UpstreamSimulatorConfiguration.Fault(.serverError(status: 503), api: .helius, schedule: .every(1))
        try await Self.withSyncingServer(trades: 300, faults: [dead], maxAttempts: 2) { simulator, server, _ in
            let response = try await SSEClient.read(server.url("/v4/wallet/\(simulator.demoWallet)/stream"))
            let run = try response.run()
            #expect(run.errors.first?.code.rawValue == "UPSTREAM_UNAVAILABLE")
            // No operator hints and no upstream details for clients.
            let message = run.errors.first?.error ?? ""
            #expect(message.contains("unavailable"))
            for hint in ["run the sync", "503", "HELIUS", "helius", "attempt"] {
                #expect(!message.contains(hint), "\(hint)")
            }
            #expect(run.complete == nil)
        }
    }
}
