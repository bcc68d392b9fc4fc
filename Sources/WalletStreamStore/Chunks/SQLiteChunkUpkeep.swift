import GRDB
import GRDBSQLite
import WalletStreamCore
import WalletStreamWire

/// Keeps a wallet's `trade_chunks` equal to its stored trades, inside the write transaction
/// that stores them: the trades in the total order, cut in runs of at most ``tradesPerChunk``,
/// each row keyed by its last trade (see ``TradeChunkBody``).
///
/// Appends (the usual write) go to a tail kept in memory and are written a chunk at a time;
/// the wallet's last chunk, when not full, is taken back into the tail first. A trade that
/// lands inside a stored chunk marks that chunk, and ``finish()`` re-encodes each marked chunk
/// from the stored trades between it and the chunk before; nothing else is rewritten.
struct SQLiteChunkUpkeep {
    static let tradesPerChunk = TradeChunkBody.tradesPerChunk

    let db: Database
    let walletID: Int64
    /// Last key of the wallet's last stored chunk, those written by this transaction included.
    private var lastStored: TradeOrderKey?
    /// The records of trades after ``lastStored``, in order, not written yet.
    private var tail: [UInt8] = []
    private var tailKeys: [TradeOrderKey] = []
    private var tailStarts: [Int] = []
    /// Last keys of stored chunks a trade landed inside.
    private var marked: Set<TradeOrderKey> = []

    init(db: Database, walletID: Int64) throws {
        self.db = db
        self.walletID = walletID
        let last = try db.cachedStatement(
            sql: """
                SELECT slot, block_time, signature, leg, count, body FROM trade_chunks WHERE wallet_id = ?
                ORDER BY slot DESC, block_time DESC, signature DESC, leg DESC LIMIT 2
                """)
        last.bind(1, walletID)
        defer { sqlite3_reset(last.sqliteStatement) }
        guard try last.stepRow(db) else { return }
        let lastKey = Self.key(last, from: 0)
        guard last.int64(4) < Self.tradesPerChunk else {
            lastStored = lastKey
            return
        }
        // Take the partial last chunk back: appends fill it up.
        last.appendColumnBytes(5, to: &tail)
        guard let records = TradeChunkBody.records(tail) else { throw Self.corrupt }
        for record in records {
            tailStarts.append(record.bytes.lowerBound)
            tailKeys.append(
                TradeOrderKey(
                    slot: record.slot, blockTime: record.blockTime,
                    signature: String(decoding: tail[record.signature], as: UTF8.self), leg: record.leg))
        }
        lastStored = try last.stepRow(db) ? Self.key(last, from: 0) : nil
        sqlite3_reset(last.sqliteStatement)
        try Self.delete(walletID: walletID, lastKey: lastKey, db: db)
    }

    /// Takes a trade the transaction just stored, with its wire JSON.
    mutating func stored(_ trade: Trade, json: [UInt8]) throws {
        let key = trade.orderKey
        if let lastStored, key < lastStored {
            try mark(key)
            return
        }
        if let last = tailKeys.last, key < last {
            insertIntoTail(key, json: json)
        } else {
            tailStarts.append(tail.count)
            tailKeys.append(key)
            TradeChunkBody.append(key, json: json, to: &tail)
        }
        if tailKeys.count >= Self.tradesPerChunk { try writeTail() }
    }

    /// Writes the tail and re-encodes the marked chunks.
    mutating func finish() throws {
        try writeTail()
        var json = JSONWriter(capacity: 1024)
        for lastKey in marked.sorted() {
            let previous = try previousKey(before: lastKey)
            try Self.delete(walletID: walletID, lastKey: lastKey, db: db)
            var chunks = TradeChunkWriter(db: db, walletID: walletID)
            try SQLiteTradeStore.forEachStoredPage(
                walletID: walletID, after: previous, through: lastKey, pageSize: 256, db: db
            ) { page in
                for trade in page {
                    json.bytes.removeAll(keepingCapacity: true)
                    json.trade(trade)
                    try chunks.append(trade.orderKey, json: json.bytes)
                }
            }
            try chunks.finish()
        }
        marked.removeAll()
    }

    private mutating func mark(_ key: TradeOrderKey) throws {
        let containing = try db.cachedStatement(
            sql: """
                SELECT slot, block_time, signature, leg FROM trade_chunks
                WHERE wallet_id = ?1 AND slot >= ?2 AND (slot, block_time, signature, leg) >= (?2, ?3, ?4, ?5)
                ORDER BY slot, block_time, signature, leg LIMIT 1
                """)
        Self.bind(containing, walletID: walletID, key: key)
        defer { sqlite3_reset(containing.sqliteStatement) }
        guard try containing.stepRow(db) else { throw Self.corrupt }
        marked.insert(Self.key(containing, from: 0))
    }

    private func previousKey(before key: TradeOrderKey) throws -> TradeOrderKey? {
        let previous = try db.cachedStatement(
            sql: """
                SELECT slot, block_time, signature, leg FROM trade_chunks
                WHERE wallet_id = ?1 AND slot <= ?2 AND (slot, block_time, signature, leg) < (?2, ?3, ?4, ?5)
                ORDER BY slot DESC, block_time DESC, signature DESC, leg DESC LIMIT 1
                """)
        Self.bind(previous, walletID: walletID, key: key)
        defer { sqlite3_reset(previous.sqliteStatement) }
        return try previous.stepRow(db) ? Self.key(previous, from: 0) : nil
    }

    /// A trade before the tail's last one (a batch out of order after the stored chunks): the
    /// tail is at most one chunk, so it is rebuilt around it.
    private mutating func insertIntoTail(_ key: TradeOrderKey, json: [UInt8]) {
        let index = tailKeys.firstIndex { key < $0 } ?? tailKeys.count
        var record: [UInt8] = []
        TradeChunkBody.append(key, json: json, to: &record)
        let start = index < tailStarts.count ? tailStarts[index] : tail.count
        tail.insert(contentsOf: record, at: start)
        tailKeys.insert(key, at: index)
        tailStarts.insert(start, at: index)
        for later in (index + 1)..<tailStarts.count { tailStarts[later] += record.count }
    }

    private mutating func writeTail() throws {
        guard let last = tailKeys.last else { return }
        try Self.insert(walletID: walletID, lastKey: last, count: tailKeys.count, body: tail, db: db)
        lastStored = last
        tail.removeAll(keepingCapacity: true)
        tailKeys.removeAll(keepingCapacity: true)
        tailStarts.removeAll(keepingCapacity: true)
    }

    static func insert(walletID: Int64, lastKey: TradeOrderKey, count: Int, body: [UInt8], db: Database) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO trade_chunks (wallet_id, slot, block_time, signature, leg, count, body)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                """)
        bind(insert, walletID: walletID, key: lastKey)
        insert.bind(6, Int64(count))
        insert.bind(7, blob: body)
        try insert.stepDone(db)
    }

    private static func delete(walletID: Int64, lastKey: TradeOrderKey, db: Database) throws {
        let delete = try db.cachedStatement(
            sql: """
                DELETE FROM trade_chunks WHERE wallet_id = ?1 AND slot = ?2 AND block_time = ?3 AND signature = ?4
                AND leg = ?5
                """)
        bind(delete, walletID: walletID, key: lastKey)
        try delete.stepDone(db)
    }

    private static func bind(_ statement: Statement, walletID: Int64, key: TradeOrderKey) {
        statement.bind(1, walletID)
        statement.bind(2, Int64(bitPattern: key.slot))
        statement.bind(3, key.blockTime)
        statement.bind(4, key.signature)
        statement.bind(5, Int64(key.leg))
    }

    /// The order key in columns `column…column + 3` (slot, block time, signature, leg).
    static func key(_ statement: Statement, from column: Int32) -> TradeOrderKey {
        TradeOrderKey(
            slot: UInt64(bitPattern: statement.int64(column)), blockTime: statement.int64(column + 1),
            signature: statement.text(column + 2), leg: Int(statement.int64(column + 3)))
    }

    private static var corrupt: DatabaseError {
        DatabaseError(resultCode: .SQLITE_CORRUPT, message: "trade chunks out of step with the trades")
    }
}
