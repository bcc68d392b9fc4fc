import Logging
import WalletStreamCore

extension UpstreamSimulator {
    /// Runs `body` against a simulator on a free loopback port, then stops it.
    public static func withRunning<T: Sendable>(
        _ configuration: UpstreamSimulatorConfiguration,
        _ body: @Sendable (UpstreamSimulator, String) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "upstream-simulator")
        logger.logLevel = .critical
        let simulator = UpstreamSimulator(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await simulator.run() }
            defer { group.cancelAll() }
            let base = try await simulator.waitUntilRunning()
            return try await body(simulator, base)
        }
    }
}
