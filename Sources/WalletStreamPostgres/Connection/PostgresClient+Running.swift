import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` with a client whose `run()` goes on in a child task, and closes the client when
    /// `body` returns: for commands and tests. The server runs its client as a `Service`.
    public static func withRunning<T: Sendable>(
        _ configuration: Configuration, logger: Logger, _ body: (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}
