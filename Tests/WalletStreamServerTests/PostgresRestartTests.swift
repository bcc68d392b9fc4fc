import AsyncHTTPClient
import Foundation
import Synchronization
import Testing
import WalletStreamClient
import WalletStreamCore
import WalletStreamIngest
import WalletStreamPostgres
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// PostgreSQL restarted under 50 open streams, on a cluster of this test's own (the shared test
/// server must not go down under the other tests).
@Suite(.timeLimit(.minutes(3))) struct PostgresRestartTests {
    /// Streams that have received trades.
    final class StartedStreams: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Runs `scripts/postgres ARGUMENTS…` with posix_spawn and waits for it. (Foundation's
    /// `Process` never saw this script end here: the server it starts outlives it.)
    static func cluster(_ arguments: [String]) throws {
        let path = SharedData.packageRoot + "/scripts/postgres"
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else {
            throw WalletStreamError(code: .internalError, message: "cannot run scripts/postgres")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        guard status == 0 else {
            throw WalletStreamError(code: .internalError, message: "scripts/postgres \(arguments) failed: \(status)")
        }
    }

    @Test func streamsEndWithStoreUnavailableAndResumeWithNothingLostOrRepeated() async throws {
        // Not in a TemporaryDirectory: the cluster belongs to the `postgres` user when run as root.
        let clusterDirectory = "/tmp/walletstream-restart-\(UUID().uuidString)"
        try Self.cluster(["start", clusterDirectory])
        defer { try? Self.cluster(["stop", clusterDirectory]) }
        let url = try String(contentsOfFile: clusterDirectory + "/url", encoding: .utf8)
        let location = try PostgresLocation(url: url.trimmingCharacters(in: .whitespacesAndNewlines))
        try await TestPostgres.withClient(location, maximumConnections: 8, statementTimeout: .seconds(3)) { client in
            let store = PostgresTradeStore(
                client: client, location: location, connectionWait: .milliseconds(500),
                statementDeadline: .seconds(5), logger: StoreFixtures.logger)
            try await store.migrate()
            let seeded = try await DemoSeeder(store: store, logger: StoreFixtures.logger).seed(seed: 21, count: 20_000)
            var expected: [Trade] = []
            try await store.forEachTrade(of: seeded.wallet, pageSize: 5000) { expected.append($0) }
            let all = expected

            var serverConfiguration = ServerConfiguration()
            serverConfiguration.limits.maxStreams = 100
            serverConfiguration.limits.requestsPerSecond = 10_000
            try await TestServer.with(store: store, configuration: serverConfiguration) { server in
                let configuration = WalletStreamClientConfiguration(
                    maxReconnectAttempts: 30, initialBackoff: .milliseconds(200), maxBackoff: .milliseconds(500))
                // Its own HTTP client: the shared one keeps 8 connections per host, and all 50
                // streams must be open at once.
                var http = HTTPClient.Configuration()
                http.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
                let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
                let streamClient = WalletStreamClient(
                    baseURL: server.baseURL, httpClient: httpClient, configuration: configuration)
                let started = StartedStreams()
                do {
                    try await withThrowingTaskGroup(of: (trades: [Trade], storeErrors: Int, reconnects: Int).self) {
                        group in
                        for _ in 0..<50 {
                            group.addTask {
                                var trades: [Trade] = []
                                var storeErrors = 0
                                var counted = false
                                let outcome = try await streamClient.stream(
                                    wallet: seeded.wallet.rawValue, batchSize: 100
                                ) { update in
                                    switch update {
                                    case .trades(let batch, _):
                                        trades += batch
                                        if !counted {
                                            counted = true
                                            started.count.add(1, ordering: .relaxed)
                                        }
                                    case .serverError(let body) where body.code == .storeUnavailable:
                                        storeErrors += 1
                                    default:
                                        break
                                    }
                                }
                                return (trades, storeErrors, outcome.reconnects)
                            }
                        }
                        // Every stream under way, then the database goes away for a second and comes back.
                        let underWay = try await Eventually.wait(within: .seconds(60), every: .milliseconds(10)) {
                            started.count.load(ordering: .relaxed) == 50
                        }
                        #expect(underWay)
                        try Self.cluster(["restart", clusterDirectory, "1"])
                        var interrupted = 0
                        for try await result in group {
                            #expect(result.trades.count == all.count)
                            #expect(result.trades == all, "every trade once, in order")
                            if result.storeErrors > 0 {
                                interrupted += 1
                                #expect(result.reconnects >= 1)
                            }
                        }
                        // Streams still reading when it went down each got STORE_UNAVAILABLE; on a slow
                        // machine a few may have finished first.
                        #expect(interrupted >= 25, "\(interrupted) of 50 streams saw the outage")
                    }
                } catch {
                    try? await httpClient.shutdown()
                    throw error
                }
                try await httpClient.shutdown()
                // The server kept running.
                let health = try await JSONEndpointTests.fetch(server.url("/health"))
                #expect(health.status == .ok)
                let again = try await SSEClient.read(server.url("/v4/wallet/\(seeded.wallet.rawValue)/stream")).run()
                #expect(again.trades.count == all.count)
            }
        }
    }
}
