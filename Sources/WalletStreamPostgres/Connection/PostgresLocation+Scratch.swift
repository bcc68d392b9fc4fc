import Foundation
import Logging
import PostgresNIO
import WalletStreamStore

extension PostgresLocation {
    /// Runs `body` with a new, empty database on this server (named with `prefix` and a UUID),
    /// dropped afterwards, even when `body` throws: for tests and benchmarks. Needs the
    /// CREATEDB privilege.
    public func withScratchDatabase<T: Sendable>(
        prefix: String, logger: Logger, _ body: (PostgresLocation) async throws -> T
    ) async throws -> T {
        var scratch = self
        scratch.database = prefix + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let name = scratch.database
        try await administer("CREATE DATABASE \(name)", logger: logger)
        do {
            let result = try await body(scratch)
            try await administer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
            return result
        } catch {
            try? await administer("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
            throw error
        }
    }

    /// Runs one statement on a connection of its own to this location's database.
    private func administer(_ sql: String, logger: Logger) async throws {
        // The driver warns when a connection is asked for before its pool's `run()` has
        // started, which this one-statement client may do; that is no news to the caller.
        var logger = logger
        logger.logLevel = .error
        try await PostgresClient.withRunning(
            .init(self, maximumConnections: 1, statementTimeout: .seconds(60)), logger: logger
        ) { admin in
            _ = try await admin.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }
}
