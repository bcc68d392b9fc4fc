import Logging
import PostgresNIO

/// Applies the PostgreSQL schema's versioned migrations, in order, each at most once.
///
/// Several nodes may start at once: all of it runs in one transaction that first takes a
/// transaction-scoped advisory lock, so one node migrates while the others wait, then find
/// nothing left to do. A failing migration rolls everything back.
public struct PostgresMigrator: Sendable {
    /// One schema version: its statements run in order.
    public struct Migration: Sendable {
        public var version: String
        public var statements: [String]

        public init(_ version: String, _ statements: [String]) {
            self.version = version
            self.statements = statements
        }
    }

    /// The advisory lock's key: "WStream" in ASCII, so that it cannot clash by chance with an
    /// application sharing the database.
    static let lockKey: Int64 = 0x57_5374_7265_616D

    public let migrations: [Migration]

    public init(migrations: [Migration] = PostgresSchema.migrations) {
        self.migrations = migrations
    }

    /// Applies the migrations not applied yet; returns their versions.
    @discardableResult
    public func migrate(_ client: PostgresClient, logger: Logger) async throws -> [String] {
        try await client.withConnection { connection in try await migrate(connection, logger: logger) }
    }

    /// ``migrate(_:logger:)`` on a connection already leased.
    @discardableResult
    public func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.collect("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.collect(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied = Set<String>()
            for try await version in try await connection.collect(
                "SELECT version FROM schema_migrations", logger: logger
            ).decode(String.self) {
                applied.insert(version)
            }
            var done: [String] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.collect(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.collect(
                    "INSERT INTO schema_migrations (version) VALUES (\(migration.version))", logger: logger)
                logger.info("store migration applied", metadata: ["version": "\(migration.version)"])
                done.append(migration.version)
            }
            return done
        }
    }
}
