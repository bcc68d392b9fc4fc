import Logging
import PostgresNIO
import Testing
import WalletStreamPostgres
import WalletStreamTestSupport

/// The schema's migrations on a real PostgreSQL server (started by `scripts/test`).
@Suite struct PostgresMigratorTests {
    @Test func nodesStartingTogetherApplyEachMigrationOnce() async throws {
        try await TestPostgres.withDatabase { _, client in
            // Six "nodes" migrate the same empty database at the same moment.
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<6 {
                    group.addTask { try await PostgresMigrator().migrate(client, logger: TestPostgres.logger) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let versions = PostgresSchema.migrations.map(\.version)
            #expect(applied.filter { !$0.isEmpty } == [versions])
            #expect(applied.filter(\.isEmpty).count == 5)
            var recorded: [String] = []
            for try await version in try await client.query(
                "SELECT version FROM schema_migrations", logger: TestPostgres.logger
            ).decode(String.self) {
                recorded.append(version)
            }
            // Each once (one transaction applied them all, so they share one time).
            #expect(recorded.sorted() == versions.sorted())
            for table in ["wallets", "tokens", "trades"] {
                let rows = try await client.query(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = \(table)",
                    logger: TestPostgres.logger)
                var count = 0
                for try await value in rows.decode(Int.self) { count = value }
                #expect(count == 1, "table \(table)")
            }
            // Starting again finds nothing to do.
            #expect(try await PostgresMigrator().migrate(client, logger: TestPostgres.logger).isEmpty)
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        try await TestPostgres.withDatabase { _, client in
            let migrator = PostgresMigrator(migrations: [
                .init("v1-good", ["CREATE TABLE good (id INTEGER)"]),
                .init("v2-bad", ["CREATE TABLE bad (id INTEGER)", "SELECT * FROM no_such_table"]),
            ])
            await #expect(throws: (any Error).self) { try await migrator.migrate(client, logger: TestPostgres.logger) }
            let rows = try await client.query(
                "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('good', 'bad', 'schema_migrations')",
                logger: TestPostgres.logger)
            var count = -1
            for try await value in rows.decode(Int.self) { count = value }
            #expect(count == 0)
            // The first migration alone applies.
            let first = PostgresMigrator(migrations: Array(migrator.migrations.prefix(1)))
            #expect(try await first.migrate(client, logger: TestPostgres.logger) == ["v1-good"])
        }
    }

    @Test func statementsOverTheTimeoutAreCancelledByTheServer() async throws {
        let server = try TestPostgres.serverLocation()
        try await TestPostgres.withClient(server, maximumConnections: 1, statementTimeout: .milliseconds(200)) {
            client in
            let error = await #expect(throws: PSQLError.self) {
                // The error arrives with the rows, so read them.
                for try await _ in try await client.query("SELECT pg_sleep(30)", logger: TestPostgres.logger) {}
            }
            // 57014 (query_canceled) with the server's own reason: the statement timeout.
            #expect(error?.serverInfo?[.sqlState] == "57014")
            #expect(error?.serverInfo?[.message]?.contains("statement timeout") == true)
        }
    }
}
