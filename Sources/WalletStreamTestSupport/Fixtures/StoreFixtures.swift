import Logging
import PostgresNIO
import WalletStreamPostgres
import WalletStreamStore

/// Opens real stores: SQLite files in temporary directories, PostgreSQL databases on the test
/// server (see ``TestPostgres``).
public enum StoreFixtures {
    public static let logger = Logger(label: "walletstream.tests")

    /// A new, empty store file; keep `directory` alive as long as the store.
    public static func sqlite(in directory: TemporaryDirectory, name: String = "test.sqlite") throws -> SQLiteTradeStore
    {
        try SQLiteTradeStore(path: directory.file(name), logger: logger)
    }

    /// Runs `body` with a new, empty store of `backend`, removed afterwards.
    public static func withStore<T: Sendable>(
        _ backend: StoreBackend, _ body: @Sendable (any WalletStore) async throws -> T
    ) async throws -> T {
        switch backend {
        case .sqlite:
            let directory = TemporaryDirectory()
            return try await body(try sqlite(in: directory))
        case .postgres:
            return try await TestPostgres.withDatabase { location, client in
                try await body(try await postgres(location, client: client))
            }
        }
    }

    /// A migrated store on a database of the test server. It waits up to 30 s for a connection:
    /// with the test suites sharing two cores, a new database's first connection took over 10 s.
    public static func postgres(_ location: PostgresLocation, client: PostgresClient) async throws
        -> PostgresTradeStore
    {
        let store = PostgresTradeStore(client: client, location: location, connectionWait: .seconds(30), logger: logger)
        try await store.migrate()
        return store
    }
}

/// The stores the contract tests run against.
public enum StoreBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }
}
