import Logging
import NIOCore
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore {
    public func summary(of wallet: WalletAddress) async throws -> WalletSummary {
        // One transaction (REPEATABLE READ): the figures and the ranked tokens come from one
        // snapshot even while a sync writes.
        try await withConnection { connection in
            try await connection.collect("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            do {
                let summary = try await self.summary(of: wallet, connection: connection)
                try await connection.collect("COMMIT", logger: self.logger)
                return summary
            } catch {
                _ = try? await connection.collect("ROLLBACK", logger: self.logger)
                throw error
            }
        }
    }

    private func summary(of wallet: WalletAddress, connection: PostgresConnection) async throws -> WalletSummary {
        guard let walletID = try await Self.walletID(of: wallet, connection: connection, logger: logger) else {
            return WalletSummary(
                wallet: wallet.rawValue, totals: PnLTotals(), bestToken: nil, worstToken: nil, topTokens: [],
                bottomTokens: [])
        }
        let totals =
            try await PostgresPnLRows.loadTotals(walletID: walletID, connection: connection, logger: logger)
            ?? PnLTotals()
        let ranked = PnLEngine.rankedTokens
        func tokens(_ order: TokenOrder, limit: Int, soldOnly: Bool = false) async throws -> [TokenSummary] {
            try await Self.tokens(
                walletID, order, after: nil, limit: limit, soldOnly: soldOnly, connection: connection, logger: logger)
        }
        return WalletSummary(
            wallet: wallet.rawValue, totals: totals,
            bestToken: try await tokens(.pnlDescending, limit: 1, soldOnly: true).first,
            worstToken: try await tokens(.pnlAscending, limit: 1, soldOnly: true).first,
            topTokens: try await tokens(.pnlDescending, limit: ranked),
            bottomTokens: try await tokens(.pnlAscending, limit: ranked))
    }

    public func tokens(
        of wallet: WalletAddress, order: TokenOrder, after cursor: TokenCursor?, limit: Int
    ) async throws -> TokenPage {
        precondition(limit > 0, "page limit must be positive")
        let tokens = try await withConnection { connection in
            guard let walletID = try await Self.walletID(of: wallet, connection: connection, logger: self.logger)
            else { return [TokenSummary]() }
            return try await Self.tokens(
                walletID, order, after: cursor, limit: limit, connection: connection, logger: self.logger)
        }
        let next =
            tokens.count == limit ? tokens.last.map { TokenCursor(wallet: wallet, order: order, after: $0) } : nil
        return TokenPage(tokens: tokens, nextCursor: next)
    }

    /// The wallet's id, nil when the store has never seen it.
    static func walletID(of wallet: WalletAddress, connection: PostgresConnection, logger: Logger) async throws
        -> Int64?
    {
        for try await id in try await connection.collect(
            "SELECT id FROM wallets WHERE address = \(wallet.rawValue)", logger: logger
        ).decode(Int64.self) {
            return id
        }
        return nil
    }

    /// Keyset pages over `pnl_positions` in the SQLite store's orders.
    static func tokens(
        _ walletID: Int64, _ order: TokenOrder, after cursor: TokenCursor?, limit: Int, soldOnly: Bool = false,
        connection: PostgresConnection, logger: Logger
    ) async throws -> [TokenSummary] {
        var binds = PostgresBindings(capacity: 4)
        binds.append(walletID)
        binds.append(Int64(limit))
        // `wallet_id + 0`: the ranking index (see migration v6); pages by mint take the primary key.
        var sql = "SELECT \(PostgresPnLRows.positionColumns) FROM pnl_positions WHERE "
        sql += order == .mint ? "wallet_id = $1" : "wallet_id + 0 = $1"
        if soldOnly { sql += " AND sells > 0" }
        if let cursor {
            if order != .mint { binds.append(PostgresPnLRows.bytes(cursor.realizedSOL)) }
            binds.append(cursor.mint)
            switch order {
            case .pnlDescending: sql += " AND (realized_sol < $3 OR (realized_sol = $3 AND mint > $4))"
            case .pnlAscending: sql += " AND (realized_sol > $3 OR (realized_sol = $3 AND mint < $4))"
            case .mint: sql += " AND mint > $3"
            }
        }
        switch order {
        case .pnlDescending: sql += " ORDER BY realized_sol DESC, mint ASC"
        case .pnlAscending: sql += " ORDER BY realized_sol ASC, mint DESC"
        case .mint: sql += " ORDER BY mint ASC"
        }
        sql += " LIMIT $2"
        var tokens: [TokenSummary] = []
        for try await row in try await connection.collect(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            tokens.append(try PostgresPnLRows.tokenSummary(row))
        }
        return tokens
    }
}
