import Foundation
import Logging
import PostgresNIO
import WalletStreamPostgres
import WalletStreamStore

/// The test PostgreSQL server that `scripts/test` starts, named by
/// `WALLETSTREAM_TEST_POSTGRES_URL`. Each test gets a database of its own, dropped afterwards.
public enum TestPostgres {
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "WALLETSTREAM_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a PostgreSQL server"
        }
    }

    public static let logger = Logger(label: "test.postgres")

    public static func serverLocation() throws -> PostgresLocation {
        guard let url = ProcessInfo.processInfo.environment["WALLETSTREAM_TEST_POSTGRES_URL"] else {
            throw NotConfigured()
        }
        return try PostgresLocation(url: url)
    }

    /// The URL of a database of the test server (which needs no password), for `--db`.
    public static func url(_ location: PostgresLocation) -> String {
        "postgres://\(location.username)@\(location.host):\(location.port)/\(location.database)?sslmode=disable"
    }

    /// Runs `body` with a fresh, empty database (its location and a running client).
    public static func withDatabase<T: Sendable>(
        _ body: @Sendable (PostgresLocation, PostgresClient) async throws -> T
    ) async throws -> T {
        try await serverLocation().withScratchDatabase(prefix: "walletstream_test_", logger: logger) { location in
            try await withClient(location) { try await body(location, $0) }
        }
    }

    /// Runs `body` with a client of `location` whose `run()` is going.
    @discardableResult
    public static func withClient<T: Sendable>(
        _ location: PostgresLocation, maximumConnections: Int = 4, statementTimeout: Duration = .seconds(30),
        _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        try await PostgresClient.withRunning(
            .init(location, maximumConnections: maximumConnections, statementTimeout: statementTimeout),
            logger: logger, body)
    }
}
