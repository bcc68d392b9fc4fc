import AsyncHTTPClient
import Foundation
import Logging
import Testing
import WalletStreamCore
import WalletStreamPostgres
import WalletStreamServer
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

/// Two nodes (each its own pool, store, sync coordinator and server) on one PostgreSQL
/// database, syncing from one upstream simulator: a wallet is synced once between them.
@Suite(.timeLimit(.minutes(3))) struct MultiNodeSyncTests {
    typealias Ledger = StreamWhileSyncingTests.Ledger

    /// A node: a server whose coordinator syncs from the simulator at `base`, on `store`.
    static func withNode<T: Sendable>(
        _ name: String, store: PostgresTradeStore, upstream base: String, leaseDuration: Duration = .seconds(15),
        _ body: @Sendable (RunningServer) async throws -> T
    ) async throws -> T {
        let logger = StreamWhileSyncingTests.quiet
        let client = UpstreamClient(
            http: HTTPClient.shared,
            configuration: UpstreamConfiguration(
                rpcURL: base + "/", apiURL: base, apiKey: "simulator-key", maxConcurrency: 2,
                requestsPerSecond: 0, maxAttempts: 4, baseBackoff: .milliseconds(10), maxBackoff: .milliseconds(50)),
            logger: logger)
        let coordinator = SyncCoordinator(
            syncer: WalletSyncer(store: store, client: client, logger: logger), store: store, maxAge: .seconds(600),
            owner: name, leaseDuration: leaseDuration, logger: logger)
        return try await TestServer.with(store: store, sync: coordinator) { try await body($0) }
    }

    @Test func twoNodesAskedForTheSameColdWalletAtOnceSyncItOnce() async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 1_500, latency: .milliseconds(10))
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            try await TestPostgres.withDatabase { location, clientA in
                try await TestPostgres.withClient(location) { clientB in
                    let storeA = try await StoreFixtures.postgres(location, client: clientA)
                    let storeB = try await StoreFixtures.postgres(location, client: clientB)
                    let wallet = simulator.demoWallet
                    let path = "/v4/wallet/\(wallet)/stream?batch_size=100"
                    try await Self.withNode("node-a", store: storeA, upstream: base) { nodeA in
                        try await Self.withNode("node-b", store: storeB, upstream: base) { nodeB in
                            async let runA = SSEClient.read(nodeA.url(path)).run()
                            async let runB = SSEClient.read(nodeB.url(path)).run()
                            let (a, b) = try await (runA, runB)
                            let expected = simulator.expectedTrades(wallet: wallet).map(Ledger.init)
                            #expect(a.trades.map(Ledger.init) == expected)
                            #expect(b.trades.map(Ledger.init) == expected)
                            #expect(a.summary == b.summary && a.summary?.trades == expected.count)
                        }
                    }
                    // One set of upstream requests: every signature listed once, every
                    // transaction that can hold a trade fetched once.
                    let listed = simulator.transactionCount(wallet: wallet)
                    let failed = try await storeA.skipCounts(wallet: WalletAddress(validating: wallet))["failed"] ?? 0
                    #expect(simulator.counters.signaturesServed == listed)
                    #expect(simulator.counters.transactionsServed == listed - failed)
                }
            }
        }
    }

    @Test func aNodeKilledMidSyncLosesItsLeaseAndAnotherNodeFinishesFromTheCheckpoint() async throws {
        let configuration = UpstreamSimulatorConfiguration(walletTrades: 3_000, latency: .milliseconds(40))
        try await UpstreamSimulator.withRunning(configuration) { simulator, base in
            try await TestPostgres.withDatabase { location, clientA in
                try await TestPostgres.withClient(location) { clientB in
                    let storeA = try await StoreFixtures.postgres(location, client: clientA)
                    let storeB = try await StoreFixtures.postgres(location, client: clientB)
                    let wallet = try WalletAddress(validating: simulator.demoWallet)
                    let path = "/v4/wallet/\(wallet)/stream?batch_size=100"
                    // Node A starts the sync and stops in the middle of it without giving up its
                    // lease (the lease of a node that dies is only ever lost by expiring).
                    try await Self.withNode("node-a", store: storeA, upstream: base, leaseDuration: .seconds(2)) {
                        nodeA in
                        try await RawConnection.with(port: nodeA.port) { connection in
                            try await connection.get(path)
                            #expect(try await connection.read(until: "event: trades"))
                        }
                        let midway = try await Eventually.wait(within: .seconds(60), every: .milliseconds(20)) {
                            try await storeA.count(wallet: wallet) > 500
                        }
                        #expect(midway)
                    }
                    let stored = try await storeA.count(wallet: wallet)
                    let fetchedByA = simulator.counters.transactionsServed
                    let expected = simulator.expectedTrades(wallet: wallet.rawValue).map(Ledger.init)
                    #expect(stored < expected.count, "node A must stop before the end")

                    try await Self.withNode("node-b", store: storeB, upstream: base) { nodeB in
                        let run = try await SSEClient.read(nodeB.url(path)).run()
                        #expect(run.trades.map(Ledger.init) == expected)
                        #expect(run.summary?.trades == expected.count)
                    }
                    // Listing was done once; what node A committed was not fetched again (only
                    // the batches it had in flight when it stopped, at most 2 × 100).
                    let listed = simulator.transactionCount(wallet: wallet.rawValue)
                    let failed = try await storeB.skipCounts(wallet: wallet)["failed"] ?? 0
                    #expect(simulator.counters.signaturesServed == listed)
                    let refetched = simulator.counters.transactionsServed - (listed - failed)
                    #expect((0...200).contains(refetched), "refetched \(refetched) (A fetched \(fetchedByA))")
                }
            }
        }
    }
}
