import GRDB
import GRDBSQLite
import WalletStreamCore

extension SQLiteTradeStore {
    /// Inside a transaction: hands `body` the wallet's stored trades after `after` (all when nil)
    /// and up to `through` (included) in the total order, `pageSize` at a time; with `tokenIDs`
    /// (a JSON array of token ids) only the trades with a leg in one of them. Each page's query is done before `body` runs, so
    /// `body` may read and write the database.
    static func forEachStoredPage(
        walletID: Int64, after: TradeOrderKey?, through: TradeOrderKey? = nil, tokenIDs: String? = nil, pageSize: Int,
        db: Database,
        _ body: ([Trade]) throws -> Void
    ) throws {
        let filter =
            tokenIDs == nil
            ? ""
            : """
            AND (t.sold_token IN (SELECT value FROM json_each(?7)) OR t.bought_token IN (SELECT value FROM json_each(?7)))
            """
        let upTo = through == nil ? "" : "AND (t.slot, t.block_time, t.signature, t.leg) <= (?8, ?9, ?10, ?11)"
        let statement = try db.cachedStatement(
            sql: """
                SELECT t.slot, t.block_time, t.signature, t.leg, t.venue, t.side, s.mint, s.symbol, t.sold_amount,
                    b.mint, b.symbol, t.bought_amount, t.sol_amount, t.usd_value, t.fee_sol, t.usd_source
                FROM trades t JOIN tokens s ON s.id = t.sold_token JOIN tokens b ON b.id = t.bought_token
                WHERE t.wallet_id = ?1 AND (t.slot, t.block_time, t.signature, t.leg) > (?2, ?3, ?4, ?5) \(filter) \(upTo)
                ORDER BY t.slot, t.block_time, t.signature, t.leg
                LIMIT ?6
                """)
        if let tokenIDs { statement.bind(7, tokenIDs) }
        if let through {
            statement.bind(8, Int64(bitPattern: through.slot))
            statement.bind(9, through.blockTime)
            statement.bind(10, through.signature)
            statement.bind(11, Int64(through.leg))
        }
        var after = after
        while true {
            statement.bind(1, walletID)
            // Before every trade: slot -1 (slots are stored as signed 64-bit integers).
            statement.bind(2, after.map { Int64(bitPattern: $0.slot) } ?? -1)
            statement.bind(3, after?.blockTime ?? Int64.min)
            statement.bind(4, after?.signature ?? "")
            statement.bind(5, after.map { Int64($0.leg) } ?? -1)
            statement.bind(6, Int64(pageSize))
            var page: [Trade] = []
            page.reserveCapacity(pageSize)
            do {
                defer { sqlite3_reset(statement.sqliteStatement) }
                while try statement.stepRow(db) { page.append(try storedTrade(statement)) }
            }
            try body(page)
            guard page.count == pageSize, let last = page.last else { return }
            after = last.orderKey
        }
    }

    /// Inside a migration: calls `body` for every wallet with trades, reporting
    /// `progress(done, total)` before each and once at the end.
    static func forEachStoredWallet(
        db: Database, progress: (_ done: Int, _ total: Int) -> Void,
        _ body: (_ walletID: Int64, _ wallet: WalletAddress) throws -> Void
    ) throws {
        let wallets = try Row.fetchAll(db, sql: "SELECT id, address FROM wallets WHERE trade_count > 0 ORDER BY id")
        for (index, row) in wallets.enumerated() {
            progress(index, wallets.count)
            let address: String = row[1]
            guard let wallet = try? WalletAddress(validating: address) else { continue }
            try body(row[0], wallet)
        }
        if !wallets.isEmpty { progress(wallets.count, wallets.count) }
    }

    private static func storedTrade(_ statement: Statement) throws -> Trade {
        guard let side = TradeSide(storageCode: statement.int64(5)),
            let soldAmount = try statement.amount(8), let boughtAmount = try statement.amount(11)
        else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed trade row") }
        return Trade(
            signature: statement.text(2), slot: UInt64(bitPattern: statement.int64(0)), blockTime: statement.int64(1),
            leg: Int(statement.int64(3)), venue: statement.text(4), side: side,
            sold: TokenLeg(mint: statement.text(6), symbol: statement.text(7), amount: soldAmount),
            bought: TokenLeg(mint: statement.text(9), symbol: statement.text(10), amount: boughtAmount),
            solAmount: try statement.amount(12), usdValue: try statement.amount(13), feeSOL: try statement.amount(14),
            usdSource: USDSource(storageCode: Int(statement.int64(15))))
    }
}
