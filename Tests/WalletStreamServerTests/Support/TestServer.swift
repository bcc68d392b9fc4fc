import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

/// A running test server on 127.0.0.1 and a free port.
struct RunningServer: Sendable {
    let port: Int
    let streams: ActiveStreams
    let serviceGroup: ServiceGroup

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func url(_ path: String) -> String { baseURL + path }

    /// `open_streams` as `/health` reports it.
    func openStreams() async throws -> Int {
        struct Health: Decodable {
            var status: String
            var open_streams: Int
        }
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: url("/health")), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        return try JSONDecoder().decode(Health.self, from: Data(body.readableBytesView)).open_streams
    }

    /// Polls `/health` until `open_streams` is `expected`; returns how long that took, or nil on timeout.
    func waitForOpenStreams(_ expected: Int, within limit: Duration) async throws -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        let reached = try await Eventually.wait(within: limit, every: .milliseconds(20)) {
            try await openStreams() == expected
        }
        return reached ? clock.now - start : nil
    }
}

enum TestServer {
    static let logger: Logger = {
        var logger = Logger(label: "walletstream.server-tests")
        logger.logLevel = .critical
        return logger
    }()

    struct NoPort: Error {}

    /// Runs the app in a `ServiceGroup`, hands the bound server to `body`, then shuts it down
    /// gracefully and waits for it to stop.
    static func with<T>(
        store: any TradeStore,
        configuration: ServerConfiguration = ServerConfiguration(),
        sync: SyncCoordinator? = nil,
        keys: (any APIKeyStore)? = nil,
        metrics: PrometheusCollectorRegistry? = nil,
        logger: Logger? = nil,
        _ body: (RunningServer) async throws -> T
    ) async throws -> T {
        let logger = logger ?? Self.logger
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let streams = ActiveStreams()
        let app = WalletStreamAPI.application(
            configuration: configuration, store: store, streams: streams, metrics: metrics, sync: sync, keys: keys,
            logger: logger,
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? -1)
                portSink.finish()
            })
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { tasks in
            tasks.addTask {
                defer { portSink.finish() }
                try await group.run()
            }
            do {
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next(), port > 0 else { throw NoPort() }
                let result = try await body(RunningServer(port: port, streams: streams, serviceGroup: group))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}
