import AsyncHTTPClient
import Logging
import NIOCore

extension WalletStreamClient {
    /// Runs `body` with a client on its own `HTTPClient`, shut down when `body` returns.
    ///
    /// Unlike `HTTPClient.shared`, this `HTTPClient` has a read timeout
    /// (``WalletStreamClientConfiguration/idleTimeout``), so a connection that silently dies
    /// (no FIN, no heartbeats) is detected and reconnected instead of hanging forever.
    public static func withClient<Value>(
        baseURL: String,
        configuration: WalletStreamClientConfiguration = WalletStreamClientConfiguration(),
        logger: Logger = Logger(label: "walletstream.client", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: (WalletStreamClient) async throws -> Value
    ) async throws -> Value {
        var httpConfiguration = HTTPClient.Configuration()
        httpConfiguration.timeout = HTTPClient.Configuration.Timeout(
            connect: TimeAmount(configuration.connectTimeout),
            read: TimeAmount(configuration.idleTimeout)
        )
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: httpConfiguration, backgroundActivityLogger: logger)
        let client = WalletStreamClient(
            baseURL: baseURL, httpClient: httpClient, configuration: configuration, logger: logger)
        let value: Value
        do {
            value = try await body(client)
        } catch {
            // The body's error is the one worth reporting; a failed shutdown is secondary.
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
        return value
    }
}
