import GRDB
import GRDBSQLite
import WalletStreamCore

extension SQLiteTradeStore {
    /// Rebuilds `wallet`'s P&L state from its stored trades (what a write behind the state does;
    /// for maintenance and for measuring the upkeep's cost).
    public func rebuildPnL(of wallet: WalletAddress) async throws {
        guard let walletID = try await walletID(wallet) else { return }
        try await write { db in
            var upkeep = try SQLitePnLUpkeep(db: db, walletID: walletID, wallet: wallet)
            try upkeep.rebuild()
        }
    }

    public func summary(of wallet: WalletAddress) async throws -> WalletSummary {
        guard let walletID = try await walletID(wallet) else {
            return WalletSummary(
                wallet: wallet.rawValue, totals: PnLTotals(), bestToken: nil, worstToken: nil, topTokens: [],
                bottomTokens: [])
        }
        // One read transaction: the figures and the ranked tokens come from one snapshot.
        return try await read { db in
            let totals = try SQLitePnLState.loadTotals(walletID: walletID, db: db) ?? PnLTotals()
            let ranked = PnLEngine.rankedTokens
            return WalletSummary(
                wallet: wallet.rawValue, totals: totals,
                bestToken: try Self.tokens(walletID, .pnlDescending, after: nil, limit: 1, soldOnly: true, db: db)
                    .first,
                worstToken: try Self.tokens(walletID, .pnlAscending, after: nil, limit: 1, soldOnly: true, db: db)
                    .first,
                topTokens: try Self.tokens(walletID, .pnlDescending, after: nil, limit: ranked, db: db),
                bottomTokens: try Self.tokens(walletID, .pnlAscending, after: nil, limit: ranked, db: db))
        }
    }

    public func tokens(
        of wallet: WalletAddress, order: TokenOrder, after cursor: TokenCursor?, limit: Int
    ) async throws -> TokenPage {
        precondition(limit > 0, "page limit must be positive")
        guard let walletID = try await walletID(wallet) else { return TokenPage(tokens: [], nextCursor: nil) }
        let tokens = try await read { db in
            try Self.tokens(walletID, order, after: cursor, limit: limit, db: db)
        }
        let next =
            tokens.count == limit ? tokens.last.map { TokenCursor(wallet: wallet, order: order, after: $0) } : nil
        return TokenPage(tokens: tokens, nextCursor: next)
    }

    /// Keyset pages over `pnl_positions`, in the index's order or its exact reverse.
    static func tokens(
        _ walletID: Int64, _ order: TokenOrder, after cursor: TokenCursor?, limit: Int, soldOnly: Bool = false,
        db: Database
    ) throws -> [TokenSummary] {
        var sql = "SELECT \(SQLitePnLState.positionColumns) FROM pnl_positions WHERE wallet_id = ?1"
        if soldOnly { sql += " AND sells > 0" }
        if cursor != nil {
            switch order {
            case .pnlDescending: sql += " AND (realized_sol < ?2 OR (realized_sol = ?2 AND mint > ?3))"
            case .pnlAscending: sql += " AND (realized_sol > ?2 OR (realized_sol = ?2 AND mint < ?3))"
            case .mint: sql += " AND mint > ?3"
            }
        }
        switch order {
        case .pnlDescending: sql += " ORDER BY realized_sol DESC, mint ASC"
        case .pnlAscending: sql += " ORDER BY realized_sol ASC, mint DESC"
        case .mint: sql += " ORDER BY mint ASC"
        }
        sql += " LIMIT ?4"
        let statement = try db.cachedStatement(sql: sql)
        statement.bind(1, walletID)
        if let cursor {
            statement.bind(2, blob: cursor.realizedSOL.storageBytes)
            statement.bind(3, cursor.mint)
        }
        statement.bind(4, Int64(limit))
        defer { sqlite3_reset(statement.sqliteStatement) }
        var tokens: [TokenSummary] = []
        while try statement.stepRow(db) { tokens.append(try SQLitePnLState.tokenSummary(statement)) }
        return tokens
    }
}
