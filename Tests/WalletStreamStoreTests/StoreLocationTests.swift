import Testing
import WalletStreamCore
import WalletStreamStore

/// `--db` / `WALLETSTREAM_DB`: a file path or a PostgreSQL URL, whose password never shows.
@Suite struct StoreLocationTests {
    @Test func aPathIsASQLiteFile() throws {
        #expect(try StoreLocation("walletstream.sqlite") == .sqlite(path: "walletstream.sqlite"))
        #expect(try StoreLocation("/var/lib/ws/postgres.sqlite") == .sqlite(path: "/var/lib/ws/postgres.sqlite"))
        #expect(throws: WalletStreamError.self) { try StoreLocation("") }
    }

    @Test func aURLIsAPostgreSQLServer() throws {
        let location = try StoreLocation("postgres://ws:s3cr%40t@db.internal:6543/ledger?sslmode=require")
        #expect(
            location
                == .postgres(
                    PostgresLocation(
                        host: "db.internal", port: 6543, username: "ws", password: "s3cr@t", database: "ledger",
                        tls: .require)))
        #expect(
            try StoreLocation("postgresql://ws@localhost/ledger")
                == .postgres(PostgresLocation(host: "localhost", username: "ws", password: nil, database: "ledger")))
        #expect(
            try PostgresLocation(url: "POSTGRES://ws:pw@127.0.0.1/ledger?sslmode=disable").tls == .disable)
    }

    @Test func thePasswordNeverShows() throws {
        let location = try StoreLocation("postgres://ws:hunter2@db:5432/ledger")
        #expect(location.description == "postgres://ws:***@db:5432/ledger?sslmode=prefer")
        #expect(!"\(location)".contains("hunter2"))
    }

    @Test(arguments: [
        ("postgres://ws:hunter2@/ledger", "no host"),
        ("postgres://:hunter2@db/ledger", "no user name"),
        ("postgres://ws:hunter2@db", "no database name"),
        ("postgres://ws:hunter2@db/ledger/x", "no database name"),
        ("postgres://ws:hunter2@db:0/ledger", "port out of range"),
        ("postgres://ws:hunter2@db/ledger?sslmode=verify-full", "sslmode must be one of disable, prefer, require"),
        ("postgres://ws:hunter2@db/ledger?timeout=3", "unknown parameter \"timeout\""),
    ])
    func badURLsSayWhatIsWrongWithoutThePassword(url: String, expected: String) throws {
        let error = try #require(throws: WalletStreamError.self) { try StoreLocation(url) }
        #expect(error.code == .invalidParameter)
        #expect(error.message.contains(expected), "\(error.message)")
        #expect(!error.message.contains("hunter2"))
    }
}
