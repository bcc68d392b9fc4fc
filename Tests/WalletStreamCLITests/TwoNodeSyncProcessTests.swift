import Foundation
import Synchronization
import Testing
import WalletStreamBenchmarks
import WalletStreamClient
import WalletStreamCore
import WalletStreamSimulator
import WalletStreamTestSupport

/// Two real `walletstream serve` processes on one PostgreSQL database, syncing on demand from
/// one upstream simulator (on loopback, counting every request it answers): a wallet is synced
/// once between them, a node killed mid-sync is taken over from its checkpoint, and a stream on
/// one node follows a sync running on the other. One test at a time: each runs two servers.
@Suite(.serialized, .timeLimit(.minutes(3))) struct TwoNodeSyncProcessTests {
    /// What a stream delivered.
    struct Run: Sendable {
        var trades: [Trade] = []
        var progressEvents = 0
        var summary: WalletSummary?
    }

    /// Starts a `serve` node on `url` whose upstream is the simulator at `base`.
    static func node(database url: String, upstream base: String) throws -> ChildServer {
        try ChildServer(
            executable: WalletStreamProcess.executable,
            arguments: [
                "serve", "--db", url, "--port", "0", "--rate-limit", "100000", "--rpc-url", base + "/", "--api-url",
                base, "--rps", "1000", "--concurrency", "2", "--attempts", "4",
            ],
            environment: ["HELIUS_API_KEY": "simulator-key"])
    }

    /// Streams `wallet` from `node` to its end.
    static func stream(_ wallet: String, from node: ChildServer) async throws -> Run {
        var run = Run()
        let outcome = try await WalletStreamClient(baseURL: node.baseURL).stream(wallet: wallet, batchSize: 100) {
            update in
            switch update {
            case .trades(let trades, _): run.trades += trades
            case .progress: run.progressEvents += 1
            default: break
            }
        }
        run.summary = outcome.summary
        return run
    }

    /// The fields a correct sync must recover (the simulator's ground truth has no USD value).
    static func ledger(_ trades: [Trade]) -> [String] {
        trades.map {
            "\($0.signature)/\($0.leg) \($0.sold.mint) \($0.sold.amount) \($0.bought.mint) \($0.bought.amount)"
        }
    }

    @Test func twoNodesAskedForTheSameColdWalletAtOnceSyncItOnce() async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 1_500, latency: .milliseconds(10))
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            try await TestPostgres.withDatabase { location, client in
                let url = TestPostgres.url(location)
                let nodeA = try Self.node(database: url, upstream: base)
                defer { nodeA.stop() }
                let nodeB = try Self.node(database: url, upstream: base)
                defer { nodeB.stop() }
                let wallet = simulator.demoWallet
                async let runA = Self.stream(wallet, from: nodeA)
                async let runB = Self.stream(wallet, from: nodeB)
                let (a, b) = try await (runA, runB)
                let expected = Self.ledger(simulator.expectedTrades(wallet: wallet))
                #expect(Self.ledger(a.trades) == expected)
                #expect(Self.ledger(b.trades) == expected)
                #expect(a.summary == b.summary && a.summary?.trades == expected.count)

                // One set of upstream requests between the two processes.
                let store = try await StoreFixtures.postgres(location, client: client)
                let listed = simulator.transactionCount(wallet: wallet)
                let failed = try await store.skipCounts(wallet: WalletAddress(validating: wallet))["failed"] ?? 0
                #expect(simulator.counters.signaturesServed == listed)
                #expect(simulator.counters.transactionsServed == listed - failed)
            }
        }
    }

    @Test func aKilledNodeLosesItsLeaseAndTheOtherFinishesFromTheCheckpoint() async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 3_000, latency: .milliseconds(40))
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            try await TestPostgres.withDatabase { location, client in
                let url = TestPostgres.url(location)
                let store = try await StoreFixtures.postgres(location, client: client)
                let wallet = try WalletAddress(validating: simulator.demoWallet)
                let nodeA = try Self.node(database: url, upstream: base)
                let nodeB = try Self.node(database: url, upstream: base)
                defer { nodeB.stop() }

                // A stream on node A starts the sync; node A dies in the middle of it (SIGKILL:
                // its lease is lost only by expiring, 15 s after its last renewal).
                let reader = Task { try await Self.stream(wallet.rawValue, from: nodeA) }
                let midway = try await Eventually.wait(within: .seconds(60), every: .milliseconds(20)) {
                    try await store.count(wallet: wallet) > 500
                }
                #expect(midway)
                nodeA.kill()
                reader.cancel()
                _ = await reader.result
                let expected = Self.ledger(simulator.expectedTrades(wallet: wallet.rawValue))
                let stored = try await store.count(wallet: wallet)
                #expect(stored < expected.count, "node A must die before the end")

                let run = try await Self.stream(wallet.rawValue, from: nodeB)
                #expect(Self.ledger(run.trades) == expected)
                #expect(run.summary?.trades == expected.count)
                // Listing was done once; what node A committed was not fetched again, only the
                // batches it had in flight when it died (at most 2 × 100).
                let listed = simulator.transactionCount(wallet: wallet.rawValue)
                let failed = try await store.skipCounts(wallet: wallet)["failed"] ?? 0
                #expect(simulator.counters.signaturesServed == listed)
                let refetched = simulator.counters.transactionsServed - (listed - failed)
                #expect((0...200).contains(refetched), "refetched \(refetched)")
            }
        }
    }

    @Test func aStreamOnOneNodeFollowsASyncRunningOnTheOther() async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 3_000, latency: .milliseconds(100))
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            try await TestPostgres.withDatabase { location, client in
                let url = TestPostgres.url(location)
                let store = try await StoreFixtures.postgres(location, client: client)
                let wallet = try WalletAddress(validating: simulator.demoWallet)
                let nodeA = try Self.node(database: url, upstream: base)
                defer { nodeA.stop() }
                let nodeB = try Self.node(database: url, upstream: base)
                defer { nodeB.stop() }

                // Node A syncs; once it has committed some trades, a stream opens on node B.
                async let runA = Self.stream(wallet.rawValue, from: nodeA)
                let started = try await Eventually.wait(within: .seconds(60), every: .milliseconds(20)) {
                    try await store.count(wallet: wallet) > 0
                }
                #expect(started)
                let transactionsBeforeB = simulator.counters.transactionsServed
                let b = try await Self.stream(wallet.rawValue, from: nodeB)
                let a = try await runA

                let expected = Self.ledger(simulator.expectedTrades(wallet: wallet.rawValue))
                #expect(transactionsBeforeB < simulator.transactionCount(wallet: wallet.rawValue))
                #expect(Self.ledger(b.trades) == expected)
                #expect(b.progressEvents > 0, "node B's stream reported none of node A's progress")
                #expect(a.summary == b.summary)
                // Node B made no upstream request of its own.
                let listed = simulator.transactionCount(wallet: wallet.rawValue)
                let failed = try await store.skipCounts(wallet: wallet)["failed"] ?? 0
                #expect(simulator.counters.signaturesServed == listed)
                #expect(simulator.counters.transactionsServed == listed - failed)
            }
        }
    }
}
