import Foundation
import GRDB
import GRDBSQLite
import Logging
import Synchronization
import WalletStreamCore

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Trades live in a `WITHOUT ROWID` table clustered on (wallet, slot, block time, signature,
/// leg), so a wallet's listing in the total order is one sequential range read, and storing a
/// trade twice is a no-op on that key (a signature fixes its slot and block time). Mints and symbols are
/// interned in a `tokens` table. Hot loops bind and read columns through the SQLite C API.
public final class SQLiteTradeStore: TradeStore {
    let pool: DatabasePool
    let metrics = StoreMetrics()
    let inlineReaders: InlineReaders
    let logger: Logger
    let cache = Mutex(InternCache())

    /// The database file.
    public var path: String { pool.path }

    /// Opens (creating if needed) the database at `path` and migrates it. A migration that
    /// visits every stored wallet (building the P&L state of an older database) reports
    /// `migrationProgress(done, total)`.
    public init(
        path: String, logger: Logger = Logger(label: "walletstream.store", factory: { _ in SwiftLogNoOpLogHandler() }),
        migrationProgress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(WalletStreamError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(2)
        configuration.label = "walletstream"
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync is durable across process crashes (not power loss) and avoids an
            // fsync per transaction. Readers keep a small page cache (4 MB per connection): memory
            // must not grow with the wallet, and the OS page cache holds the file anyway. The one
            // writer gets 64 MB: the P&L upkeep rewrites positions all over their table.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -4096" : "PRAGMA cache_size = -65536")
        }
        self.logger = logger
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator(progress: migrationProgress).migrate(pool)
            // One per thread of the concurrency pool that may read at once, and a spare.
            inlineReaders = try InlineReaders(
                path: path, count: ProcessInfo.processInfo.activeProcessorCount + 1, configuration: configuration)
        } catch {
            throw Self.userError(error, path: path, logger: logger)
        }
        logger.debug("store opened", metadata: ["path": "\(path)"])
    }

    public func insert(_ trades: [Trade], wallet: WalletAddress) async throws -> InsertCounts {
        try await insertAtomically { sink in
            for trade in trades { try sink.add(trade, wallet: wallet) }
        }
    }

    public func insertAtomically(
        _ produce: @escaping @Sendable (inout any TradeSink) throws -> Void
    ) async throws -> InsertCounts {
        let (counts, interned) = try await write { db in
            let writer = try SQLiteTradeWriter(db: db, known: self.cache.withLock { $0 })
            var sink: any TradeSink = writer
            try produce(&sink)
            try writer.finish()
            return (writer.counts, writer.newlyInterned)
        }
        // Only after commit: ids from a rolled-back transaction must never be cached.
        cache.withLock { $0.merge(interned) }
        return counts
    }

    public func count(wallet: WalletAddress) async throws -> Int {
        try await readInline { db in
            try Int.fetchOne(
                db, sql: "SELECT trade_count FROM wallets WHERE address = ?", arguments: [wallet.rawValue]) ?? 0
        }
    }

    public func wallets() async throws -> [WalletInfo] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT address, trade_count, first_time, last_time FROM wallets ORDER BY address"
            ).map(Self.walletInfo)
        }
    }

    public func lookup(wallet: WalletAddress) async throws -> WalletInfo? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT address, trade_count, first_time, last_time FROM wallets WHERE address = ?",
                arguments: [wallet.rawValue]
            ).map(Self.walletInfo)
        }
    }

    public func register(wallet: WalletAddress) async throws {
        do {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO wallets (address) VALUES (?) ON CONFLICT DO NOTHING", arguments: [wallet.rawValue]
                )
            }
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: pool.path, logger: logger)
        }
    }

    static func walletInfo(_ row: Row) -> WalletInfo {
        let first: Int64? = row[2]
        let last: Int64? = row[3]
        return WalletInfo(
            wallet: row[0], trades: row[1], firstTradeAt: first.map(UTCTimestamp.format),
            lastTradeAt: last.map(UTCTimestamp.format))
    }

    /// Runs a read, mapping SQLite failures to ``WalletStreamError``.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        let start = ContinuousClock.now
        defer { metrics.read.recordNanoseconds((ContinuousClock.now - start).wholeNanoseconds) }
        do {
            return try await pool.read(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: pool.path, logger: logger)
        }
    }

    /// A short single-statement read, run on the calling thread when an inline reader is free
    /// (see ``InlineReaders``), else on the pool.
    func readInline<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        let start = ContinuousClock.now
        do {
            if let result = try inlineReaders.read(body) {
                metrics.inlineRead.recordNanoseconds((ContinuousClock.now - start).wholeNanoseconds)
                return result
            }
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: pool.path, logger: logger)
        }
        return try await read(body)
    }

    /// Runs a write transaction, mapping SQLite failures to ``WalletStreamError``.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        let start = ContinuousClock.now
        defer { metrics.write.recordNanoseconds((ContinuousClock.now - start).wholeNanoseconds) }
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: pool.path, logger: logger)
        }
    }

    /// Maps a database failure to what callers see: cancellation stays cancellation, the rest
    /// becomes a ``WalletStreamError``.
    static func storeError(_ error: any Error, path: String, logger: Logger) -> any Error {
        // A read interrupted because its task was cancelled (a client went away) is no failure.
        if let database = error as? DatabaseError, database.resultCode == .SQLITE_INTERRUPT {
            return CancellationError()
        }
        return userError(error, path: path, logger: logger)
    }

    /// Maps a database failure to a user-facing error; details stay in its `underlying` error.
    static func userError(_ error: any Error, path: String, logger: Logger) -> WalletStreamError {
        if let error = error as? WalletStreamError { return error }
        logger.debug("store failure", metadata: ["path": "\(path)", "error": "\(error)"])
        let underlying: any Error = error
        if let database = error as? DatabaseError {
            switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return WalletStreamError(
                    code: .storeLocked,
                    message: "the database \(path) is locked by another process; retry when it has finished",
                    underlying: underlying)
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
                return WalletStreamError(
                    code: .storeUnavailable,
                    message: "cannot open the database \(path): check that its folder exists and is writable",
                    underlying: underlying)
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return WalletStreamError(
                    code: .storeUnavailable, message: "\(path) is not a WalletStream database (or it is corrupt)",
                    underlying: underlying)
            case .SQLITE_FULL:
                return WalletStreamError(
                    code: .storeUnavailable, message: "the disk holding \(path) is full", underlying: underlying)
            default:
                break
            }
        }
        return WalletStreamError(
            code: .storeUnavailable, message: "the trade store failed; see the server log", underlying: underlying)
    }
}
