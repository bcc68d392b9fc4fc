import GRDB
import GRDBSQLite
import WalletStreamCore

extension SQLiteTradeStore {
    static let columns = """
        slot, block_time, signature, leg, venue, side, sold_token, sold_amount, bought_token, bought_amount,
        sol_amount, usd_value, fee_sol, usd_source
        """

    /// "Strictly after the cursor" in ascending order. The cursor keeps a signature prefix P:
    /// signatures > P || 0x7F are past every signature starting with P; those starting with P
    /// (in [P, P || 0x7F)) are the cursor's own transaction and continue by leg. The leading
    /// `slot >= ?2` lets SQLite seek the clustered key instead of scanning the wallet.
    static let afterCondition = """
        slot >= ?2 AND (slot > ?2 OR block_time > ?3
            OR (block_time = ?3 AND (signature > ?5 OR (signature >= ?4 AND leg > ?6))))
        """
    static let beforeCondition = """
        slot <= ?2 AND (slot < ?2 OR block_time < ?3
            OR (block_time = ?3 AND (signature < ?4 OR (signature < ?5 AND leg < ?6))))
        """

    public func page(
        wallet: WalletAddress, after cursor: TradeCursor?, limit: Int, order: ListingOrder
    ) async throws -> TradePage {
        precondition(limit > 0, "page limit must be positive")
        guard let walletID = try await walletID(wallet) else { return TradePage(trades: [], nextCursor: nil) }
        let rows = try await read { db in
            let direction = order == .ascending ? "ASC" : "DESC"
            var sql = "SELECT \(Self.columns) FROM trades WHERE wallet_id = ?1"
            if cursor != nil {
                sql += " AND " + (order == .ascending ? Self.afterCondition : Self.beforeCondition)
            }
            sql += """
                 ORDER BY slot \(direction), block_time \(direction), signature \(direction), leg \(direction)
                 LIMIT ?7
                """
            let statement = try db.cachedStatement(sql: sql)
            Self.bind(statement, walletID: walletID, cursor: cursor)
            statement.bind(7, Int64(limit))
            defer { sqlite3_reset(statement.sqliteStatement) }
            var rows: [StoredTrade] = []
            rows.reserveCapacity(limit)
            while try statement.stepRow(db) { rows.append(try StoredTrade(statement)) }
            return rows
        }
        // Resolve token ids under the lock, in place: a snapshot of the cache held across a
        // merge would make the merge copy the whole dictionary.
        var resolved = cache.withLock { cache in rows.map { $0.trade(tokens: cache.tokens) } }
        let missing = Set(zip(rows, resolved).filter { $0.1 == nil }.flatMap { [$0.0.soldToken, $0.0.boughtToken] })
        if !missing.isEmpty {
            let fetched = try await read { db in try Self.fetchTokens(missing, db: db) }
            resolved = cache.withLock { cache in
                cache.merge(tokens: fetched)
                return rows.map { $0.trade(tokens: cache.tokens) }
            }
        }
        let trades = try resolved.map { trade in
            guard let trade else {
                throw Self.storeError(
                    DatabaseError(resultCode: .SQLITE_CORRUPT, message: "trade references a missing token"),
                    path: pool.path, logger: logger)
            }
            return trade
        }
        let next = trades.count == limit ? trades.last.map { TradeCursor(wallet: wallet, after: $0) } : nil
        return TradePage(trades: trades, nextCursor: next)
    }

    public func streamPage(wallet: WalletAddress, after cursor: TradeCursor?, limit: Int) async throws -> StreamPage {
        precondition(limit > 0, "page limit must be positive")
        guard let walletID = try await walletID(wallet) else { return StreamPage(rows: [], isFull: false) }
        // Whole chunks: the first may start before the cursor, and the page may hold a few
        // more rows than asked.
        let chunkLimit = (limit + TradeChunkBody.tradesPerChunk - 1) / TradeChunkBody.tradesPerChunk
        return try await readInline { db in
            var sql = "SELECT body FROM trade_chunks WHERE wallet_id = ?1"
            if cursor != nil { sql += " AND " + Self.afterCondition }
            sql += " ORDER BY slot, block_time, signature, leg LIMIT ?7"
            let statement = try db.cachedStatement(sql: sql)
            Self.bind(statement, walletID: walletID, cursor: cursor)
            statement.bind(7, Int64(chunkLimit))
            defer { sqlite3_reset(statement.sqliteStatement) }
            // Each chunk in its own buffer, which its rows share: a chunk is freed as soon as the
            // stream has sent its last row.
            var page = StreamPage(rows: [], isFull: false)
            page.rows.reserveCapacity(chunkLimit * TradeChunkBody.tradesPerChunk)
            var chunks = 0
            while try statement.stepRow(db) {
                chunks += 1
                guard TradeChunkBody.appendRows(of: statement.columnBytes(0), to: &page.rows) else {
                    throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed trade chunk")
                }
            }
            if let cursor { page.dropRows(through: cursor) }
            page.isFull = chunks == chunkLimit
            return page
        }
    }

    public func count(wallet: WalletAddress, through cursor: TradeCursor) async throws -> Int {
        guard let walletID = try await walletID(wallet) else { return 0 }
        return try await readInline { db in
            let statement = try db.cachedStatement(
                sql: "SELECT count(*) FROM trades WHERE wallet_id = ?1 AND slot <= ?2 AND NOT (\(Self.afterCondition))")
            Self.bind(statement, walletID: walletID, cursor: cursor)
            defer { sqlite3_reset(statement.sqliteStatement) }
            let code = sqlite3_step(statement.sqliteStatement)
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
            return Int(statement.int64(0))
        }
    }

    static func bind(_ statement: Statement, walletID: Int64, cursor: TradeCursor?) {
        statement.bind(1, walletID)
        guard let cursor else { return }
        statement.bind(2, Int64(bitPattern: cursor.slot))
        statement.bind(3, cursor.blockTime)
        statement.bind(4, cursor.signaturePrefix)
        statement.bind(5, cursor.signaturePrefix + "\u{7F}")
        statement.bind(6, Int64(cursor.leg))
    }

    /// The wallet's row id, nil when the store has never seen it.
    func walletID(_ wallet: WalletAddress) async throws -> Int64? {
        if let id = cache.withLock({ $0.walletIDs[wallet.rawValue] }) { return id }
        let id = try await read { db in try Self.walletID(wallet, db: db) }
        if let id { cache.withLock { $0.walletIDs[wallet.rawValue] = id } }
        return id
    }

    private static func fetchTokens(_ ids: Set<Int64>, db: Database) throws -> [Int64: InternCache.TokenKey] {
        var tokens: [Int64: InternCache.TokenKey] = [:]
        let statement = try db.cachedStatement(sql: "SELECT mint, symbol FROM tokens WHERE id = ?")
        for id in ids {
            if let row = try Row.fetchOne(statement, arguments: [id]) {
                tokens[id] = InternCache.TokenKey(mint: row[0], symbol: row[1])
            }
        }
        return tokens
    }
}

/// A trade row as read, with token ids still to resolve.
struct StoredTrade: Sendable {
    var trade: Trade
    var soldToken: Int64
    var boughtToken: Int64

    init(_ statement: Statement) throws {
        guard let side = TradeSide(storageCode: statement.int64(5)),
            let soldAmount = try statement.amount(7), let boughtAmount = try statement.amount(9)
        else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed trade row") }
        soldToken = statement.int64(6)
        boughtToken = statement.int64(8)
        trade = Trade(
            signature: statement.text(2),
            slot: UInt64(bitPattern: statement.int64(0)),
            blockTime: statement.int64(1),
            leg: Int(statement.int64(3)),
            venue: statement.text(4),
            side: side,
            sold: TokenLeg(mint: "", symbol: "", amount: soldAmount),
            bought: TokenLeg(mint: "", symbol: "", amount: boughtAmount),
            solAmount: try statement.amount(10),
            usdValue: try statement.amount(11),
            feeSOL: try statement.amount(12),
            usdSource: USDSource(storageCode: Int(statement.int64(13)))
        )
    }

    func trade(tokens: [Int64: InternCache.TokenKey]) -> Trade? {
        guard let sold = tokens[soldToken], let bought = tokens[boughtToken] else { return nil }
        var result = trade
        result.sold.mint = sold.mint
        result.sold.symbol = sold.symbol
        result.bought.mint = bought.mint
        result.bought.symbol = bought.symbol
        return result
    }
}
