import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import WalletStreamCore
import WalletStreamPostgres
import WalletStreamServer
import WalletStreamStore

/// `--db PATH|URL`, falling back to `WALLETSTREAM_DB`, then `./walletstream.sqlite`; the
/// PostgreSQL pool's settings.
struct StoreOptions: ParsableArguments {
    static let defaultPath = "./walletstream.sqlite"

    @Option(
        name: .long,
        help: """
            SQLite database file, or a postgres://user:password@host:port/database URL \
            (default: $WALLETSTREAM_DB or ./walletstream.sqlite).
            """)
    var db: String?

    @Option(
        name: .customLong("db-connections"),
        help: "PostgreSQL only: connections in this process's pool (requests beyond wait, then get 503).")
    var dbConnections: Int = 16

    @Option(
        name: .customLong("db-wait"),
        help: "PostgreSQL only: seconds a request waits for a pooled connection before STORE_UNAVAILABLE.")
    var dbWait: Double = 2

    @Option(
        name: .customLong("db-statement-timeout"),
        help: "PostgreSQL only: seconds after which the server cancels any one statement.")
    var dbStatementTimeout: Double = 30

    func validate() throws {
        guard dbConnections > 0 else { throw ValidationError("--db-connections must be positive") }
        guard dbWait > 0, dbStatementTimeout > 0 else {
            throw ValidationError("--db-wait and --db-statement-timeout must be positive")
        }
    }

    /// Where the store is: a SQLite file path or a PostgreSQL URL.
    func location() throws -> StoreLocation {
        try StoreLocation(db ?? ProcessInfo.processInfo.environment["WALLETSTREAM_DB"] ?? Self.defaultPath)
    }

    /// The location as messages show it (never a password).
    var shown: String { (try? location())?.description ?? "" }

    /// Opens the store and runs `body` with it. A PostgreSQL store's pool runs for as long as
    /// `body` does; its schema is migrated first. With `mustExist`, a missing SQLite file is an
    /// error rather than a new empty database.
    func withStore<T: Sendable>(
        mustExist: Bool, logger: Logger, _ body: (any WalletStore) async throws -> T
    ) async throws -> T {
        switch try location() {
        case .sqlite(let path):
            return try await body(try openSQLite(path, mustExist: mustExist, logger: logger))
        case .postgres(let server):
            return try await Self.withPostgres(
                server, connections: dbConnections, wait: .seconds(dbWait),
                statementTimeout: .seconds(dbStatementTimeout), logger: logger, body)
        }
    }

    /// Runs `body` with a migrated PostgreSQL store whose pool of `connections` runs meanwhile.
    static func withPostgres<T: Sendable>(
        _ server: PostgresLocation, connections: Int, wait: Duration, statementTimeout: Duration, logger: Logger,
        _ body: (PostgresTradeStore) async throws -> T
    ) async throws -> T {
        // The store logs its failures itself; the driver's own logs would repeat each one.
        var driverLogger = logger
        driverLogger.logLevel = .critical
        let configuration = PostgresClient.Configuration(
            server, maximumConnections: connections, statementTimeout: statementTimeout)
        return try await PostgresClient.withRunning(configuration, logger: driverLogger) { client in
            let store = PostgresTradeStore(
                client: client, location: server, connectionWait: wait,
                statementDeadline: statementTimeout + .seconds(10), logger: logger)
            try await store.migrate(wait: .seconds(5))
            return try await body(store)
        }
    }

    private func openSQLite(_ path: String, mustExist: Bool, logger: Logger) throws -> SQLiteTradeStore {
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw WalletStreamError(
                code: .storeUnavailable,
                message: "no database at \(path); create one with `walletstream import FILE.csv` or `walletstream demo`"
            )
        }
        return try SQLiteTradeStore(path: path, logger: logger) { done, total in
            // Upgrading an older database builds every wallet's P&L state once.
            guard done == total || done % max(1, total / 20) == 0 else { return }
            StandardError.emit("upgrading \(path): wallet \(done) of \(total)\n")
        }
    }
}

/// Parses a wallet argument with the address validator's message.
func parseWallet(_ text: String) throws -> WalletAddress {
    try WalletAddress(validating: text)
}

/// The CLI's logger: warnings and worse to stderr unless `WALLETSTREAM_LOG_LEVEL` says otherwise.
func makeLogger(_ label: String = "walletstream", format: LogFormat = .text) -> Logger {
    var logger =
        switch format {
        case .text: Logger(label: label)
        case .json: Logger(label: label) { JSONLogHandler(label: $0) }
        }
    let level = ProcessInfo.processInfo.environment["WALLETSTREAM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = level ?? .warning
    return logger
}

/// How the server writes its log lines.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
