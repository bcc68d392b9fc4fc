import GRDB
import GRDBSQLite
import WalletStreamCore

/// The persisted P&L state of the SQLite store: `pnl_wallets` (a wallet's ``PnLTotals``) and
/// `pnl_positions` (one ``TokenPosition`` per wallet and mint, open lots included). Amounts are
/// 16-byte sortable blobs (``Amount/storageBytes``), so `pnl_positions_ranking` ranks tokens by
/// exact realized SOL P&L.
enum SQLitePnLState {
    static let positionColumns = """
        mint, symbol, buys, sells, bought_quantity, sold_quantity, open_quantity, open_cost_sol, realized_sol,
        realized_usd, unmatched_quantity
        """

    static func loadTotals(walletID: Int64, db: Database) throws -> PnLTotals? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT trades, buys, sells, swaps, volume_sol, volume_usd, first_time, last_time, realized_sol,
                    realized_usd, unique_tokens, sold_tokens, winning_tokens, last_slot, last_block_time,
                    last_signature, last_leg
                FROM pnl_wallets WHERE wallet_id = ?
                """)
        statement.bind(1, walletID)
        defer { sqlite3_reset(statement.sqliteStatement) }
        guard try statement.stepRow(db) else { return nil }
        var totals = PnLTotals()
        totals.trades = Int(statement.int64(0))
        totals.buys = Int(statement.int64(1))
        totals.sells = Int(statement.int64(2))
        totals.swaps = Int(statement.int64(3))
        totals.volumeSOL = try statement.storedAmount(4)
        totals.volumeUSD = try statement.storedAmount(5)
        totals.firstTradeTime = statement.isNull(6) ? nil : statement.int64(6)
        totals.lastTradeTime = statement.isNull(7) ? nil : statement.int64(7)
        totals.realizedSOL = try statement.storedAmount(8)
        totals.realizedUSD = try statement.storedAmount(9)
        totals.uniqueTokens = Int(statement.int64(10))
        totals.soldTokens = Int(statement.int64(11))
        totals.winningTokens = Int(statement.int64(12))
        if !statement.isNull(13) {
            totals.lastTrade = TradeOrderKey(
                slot: UInt64(bitPattern: statement.int64(13)), blockTime: statement.int64(14),
                signature: statement.text(15), leg: Int(statement.int64(16)))
        }
        return totals
    }

    static func saveTotals(_ totals: PnLTotals, walletID: Int64, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO pnl_wallets (wallet_id, trades, buys, sells, swaps, volume_sol, volume_usd,
                    first_time, last_time, realized_sol, realized_usd, unique_tokens, sold_tokens, winning_tokens,
                    last_slot, last_block_time, last_signature, last_leg)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        statement.bind(1, walletID)
        statement.bind(2, Int64(totals.trades))
        statement.bind(3, Int64(totals.buys))
        statement.bind(4, Int64(totals.sells))
        statement.bind(5, Int64(totals.swaps))
        statement.bind(6, blob: totals.volumeSOL.storageBytes)
        statement.bind(7, blob: totals.volumeUSD.storageBytes)
        statement.bind(8, totals.firstTradeTime)
        statement.bind(9, totals.lastTradeTime)
        statement.bind(10, blob: totals.realizedSOL.storageBytes)
        statement.bind(11, blob: totals.realizedUSD.storageBytes)
        statement.bind(12, Int64(totals.uniqueTokens))
        statement.bind(13, Int64(totals.soldTokens))
        statement.bind(14, Int64(totals.winningTokens))
        statement.bind(15, totals.lastTrade.map { Int64(bitPattern: $0.slot) })
        statement.bind(16, totals.lastTrade?.blockTime)
        if let signature = totals.lastTrade?.signature {
            statement.bind(17, signature)
        } else {
            sqlite3_bind_null(statement.sqliteStatement, 17)
        }
        statement.bind(18, totals.lastTrade.map { Int64($0.leg) })
        try statement.stepDone(db)
    }

    static func loadPosition(walletID: Int64, mint: String, db: Database) throws -> TokenPosition? {
        let statement = try db.cachedStatement(
            sql: "SELECT \(positionColumns), lots FROM pnl_positions WHERE wallet_id = ? AND mint = ?")
        statement.bind(1, walletID)
        statement.bind(2, mint)
        defer { sqlite3_reset(statement.sqliteStatement) }
        guard try statement.stepRow(db) else { return nil }
        var position = TokenPosition(mint: statement.text(0), symbol: statement.text(1))
        position.buys = Int(statement.int64(2))
        position.sells = Int(statement.int64(3))
        position.boughtQuantity = try statement.storedAmount(4)
        position.soldQuantity = try statement.storedAmount(5)
        position.openQuantity = try statement.storedAmount(6)
        position.openCostSOL = try statement.storedAmount(7)
        position.realizedSOL = try statement.storedAmount(8)
        position.realizedUSD = try statement.storedAmount(9)
        position.unmatchedQuantity = try statement.storedAmount(10)
        let lots = try statement.withBlob(11) { bytes in
            guard let lots = Lot.lots(storageBytes: bytes) else { throw corrupt("truncated lot") }
            return lots
        }
        position.lots.append(contentsOf: lots)
        return position
    }

    /// Writes `position`: an insert when it is new (`storedRealizedSOL` nil), else an update
    /// that leaves `realized_sol`, and so the ranking index, alone when it did not change.
    static func savePosition(
        _ position: TokenPosition, storedRealizedSOL: Amount?, walletID: Int64, db: Database, scratch: inout [UInt8]
    ) throws {
        let statement: Statement
        switch storedRealizedSOL {
        case nil:
            statement = try db.cachedStatement(
                sql: """
                    INSERT INTO pnl_positions (symbol, buys, sells, bought_quantity, sold_quantity, open_quantity,
                        open_cost_sol, realized_usd, unmatched_quantity, lots, wallet_id, mint, realized_sol)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                    """)
        case position.realizedSOL?:
            statement = try db.cachedStatement(
                sql: """
                    UPDATE pnl_positions SET symbol = ?1, buys = ?2, sells = ?3, bought_quantity = ?4,
                        sold_quantity = ?5, open_quantity = ?6, open_cost_sol = ?7, realized_usd = ?8,
                        unmatched_quantity = ?9, lots = ?10
                    WHERE wallet_id = ?11 AND mint = ?12
                    """)
        default:
            statement = try db.cachedStatement(
                sql: """
                    UPDATE pnl_positions SET symbol = ?1, buys = ?2, sells = ?3, bought_quantity = ?4,
                        sold_quantity = ?5, open_quantity = ?6, open_cost_sol = ?7, realized_usd = ?8,
                        unmatched_quantity = ?9, lots = ?10, realized_sol = ?13
                    WHERE wallet_id = ?11 AND mint = ?12
                    """)
        }
        statement.bind(1, position.symbol)
        statement.bind(2, Int64(position.buys))
        statement.bind(3, Int64(position.sells))
        statement.bind(4, blob: position.boughtQuantity.storageBytes)
        statement.bind(5, blob: position.soldQuantity.storageBytes)
        statement.bind(6, blob: position.openQuantity.storageBytes)
        statement.bind(7, blob: position.openCostSOL.storageBytes)
        statement.bind(8, blob: position.realizedUSD.storageBytes)
        statement.bind(9, blob: position.unmatchedQuantity.storageBytes)
        scratch.removeAll(keepingCapacity: true)
        Lot.appendStorageBytes(position.lots, to: &scratch)
        statement.bind(10, blob: scratch)
        statement.bind(11, walletID)
        statement.bind(12, position.mint)
        if storedRealizedSOL != position.realizedSOL {
            statement.bind(13, blob: position.realizedSOL.storageBytes)
        }
        try statement.stepDone(db)
    }

    static func deleteState(walletID: Int64, db: Database) throws {
        try db.execute(sql: "DELETE FROM pnl_positions WHERE wallet_id = ?", arguments: [walletID])
        try db.execute(sql: "DELETE FROM pnl_wallets WHERE wallet_id = ?", arguments: [walletID])
    }

    /// A position row (``positionColumns``) as reported.
    static func tokenSummary(_ statement: Statement) throws -> TokenSummary {
        TokenSummary(
            mint: statement.text(0), symbol: statement.text(1), buys: Int(statement.int64(2)),
            sells: Int(statement.int64(3)), boughtQuantity: try statement.storedAmount(4),
            soldQuantity: try statement.storedAmount(5), openQuantity: try statement.storedAmount(6),
            openCostSOL: try statement.storedAmount(7), realizedPnLSOL: try statement.storedAmount(8),
            realizedPnLUSD: try statement.storedAmount(9), unmatchedQuantity: try statement.storedAmount(10))
    }

    static func corrupt(_ what: String) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_CORRUPT, message: "P&L state: \(what)")
    }
}
