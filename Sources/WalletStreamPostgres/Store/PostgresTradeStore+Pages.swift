import Logging
import NIOCore
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore {
    static let tradeColumns = """
        t.slot, t.block_time, t.signature, t.leg, t.venue, t.side, s.mint, s.symbol, t.sold_amount, b.mint, b.symbol,
        t.bought_amount, t.sol_amount, t.usd_value, t.fee_sol, t.usd_source
        """
    static let tradeJoins = "JOIN tokens s ON s.id = t.sold_token JOIN tokens b ON b.id = t.bought_token"

    /// "Strictly after the cursor" in ascending order, as in the SQLite store (see
    /// `SQLiteTradeStore.afterCondition`): $2 slot, $3 block time, $4 signature prefix, $5 the
    /// prefix followed by 0x7F, $6 leg; signatures compare byte by byte (COLLATE "C").
    static func afterCondition(_ table: String) -> String {
        """
        \(table)slot >= $2 AND (\(table)slot > $2 OR \(table)block_time > $3
            OR (\(table)block_time = $3 AND (\(table)signature > $5
                OR (\(table)signature >= $4 AND \(table)leg > $6))))
        """
    }

    static func beforeCondition(_ table: String) -> String {
        """
        \(table)slot <= $2 AND (\(table)slot < $2 OR \(table)block_time < $3
            OR (\(table)block_time = $3 AND (\(table)signature < $4
                OR (\(table)signature < $5 AND \(table)leg < $6))))
        """
    }

    /// $1 the wallet's address, then the cursor's columns (see ``afterCondition(_:)``).
    static func binds(wallet: WalletAddress, cursor: TradeCursor?) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 7)
        binds.append(wallet.rawValue)
        if let cursor {
            binds.append(Int64(bitPattern: cursor.slot))
            binds.append(cursor.blockTime)
            binds.append(cursor.signaturePrefix)
            binds.append(cursor.signaturePrefix + "\u{7F}")
            binds.append(Int32(cursor.leg))
        }
        return binds
    }

    static let walletIDOfAddress = "(SELECT id FROM wallets WHERE address = $1)"

    /// Chunks a stream page reads at least: one query per ~500 trades. (1M trades through curl:
    /// 4.3 s with 4, 3.5 s with 8, 3.7–4.9 s with 16, whose pages hold twice the memory.)
    static let minimumStreamChunks = 8

    public func page(
        wallet: WalletAddress, after cursor: TradeCursor?, limit: Int, order: ListingOrder
    ) async throws -> TradePage {
        precondition(limit > 0, "page limit must be positive")
        var sql =
            "SELECT \(Self.tradeColumns) FROM trades t \(Self.tradeJoins) WHERE t.wallet_id = \(Self.walletIDOfAddress)"
        var binds = Self.binds(wallet: wallet, cursor: cursor)
        if cursor != nil {
            sql += " AND " + (order == .ascending ? Self.afterCondition("t.") : Self.beforeCondition("t."))
        }
        let direction = order == .ascending ? "ASC" : "DESC"
        binds.append(Int64(limit))
        sql += """
             ORDER BY t.slot \(direction), t.block_time \(direction), t.signature \(direction), t.leg \(direction)
             LIMIT $\(binds.count)
            """
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let trades = try await withConnection { connection in
            var trades: [Trade] = []
            trades.reserveCapacity(limit)
            for try await row in try await connection.collect(query, logger: self.logger) {
                trades.append(try PostgresTradeWriter.trade(row))
            }
            return trades
        }
        let next = trades.count == limit ? trades.last.map { TradeCursor(wallet: wallet, after: $0) } : nil
        return TradePage(trades: trades, nextCursor: next)
    }

    public func streamPage(wallet: WalletAddress, after cursor: TradeCursor?, limit: Int) async throws -> StreamPage {
        precondition(limit > 0, "page limit must be positive")
        // Whole chunks, as in the SQLite store: the first may start before the cursor. At least
        // `minimumStreamChunks` of them: a query's round trip costs what reading a few chunks
        // does, so small pages would leave a stream waiting on the network.
        let chunkLimit = max(
            Self.minimumStreamChunks, (limit + TradeChunkBody.tradesPerChunk - 1) / TradeChunkBody.tradesPerChunk)
        var sql =
            "SELECT slot, block_time, signature, leg, body FROM trade_chunks WHERE wallet_id = \(Self.walletIDOfAddress)"
        var binds = Self.binds(wallet: wallet, cursor: cursor)
        if cursor != nil { sql += " AND " + Self.afterCondition("") }
        binds.append(Int64(chunkLimit))
        sql += " ORDER BY slot, block_time, signature, leg LIMIT $\(binds.count)"
        // The chunks come back as one row, their bodies end to end (a run of records is itself a
        // valid body): one message however many chunks, and no row ever waits for demand in
        // PostgresNIO's row stream (see `PostgresConnection.collect`).
        sql =
            "SELECT count(*), string_agg(c.body, ''::bytea ORDER BY c.slot, c.block_time, c.signature, c.leg) FROM (\(sql)) c"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        var page = try await withConnection { connection in
            var page = StreamPage(rows: [], isFull: false)
            for try await (chunks, body) in try await connection.collect(query, logger: self.logger).decode(
                (Int64, ByteBuffer?).self)
            {
                page.isFull = chunks == chunkLimit
                guard let body else { continue }
                page.rows.reserveCapacity(Int(chunks) * TradeChunkBody.tradesPerChunk)
                guard TradeChunkBody.appendRows(of: Array(body.readableBytesView), to: &page.rows) else {
                    throw WalletStreamError(code: .internalError, message: "a stored trade chunk is malformed")
                }
            }
            return page
        }
        if let cursor { page.dropRows(through: cursor) }
        return page
    }

    public func count(wallet: WalletAddress, through cursor: TradeCursor) async throws -> Int {
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT count(*) FROM trades WHERE wallet_id = \(Self.walletIDOfAddress) AND slot <= $2
                AND NOT (\(Self.afterCondition("")))
                """, binds: Self.binds(wallet: wallet, cursor: cursor))
        return try await withConnection { connection in
            for try await count in try await connection.collect(query, logger: self.logger).decode(Int64.self) {
                return Int(count)
            }
            return 0
        }
    }

    /// Up to `limit` trades of the wallet `walletID` strictly after `key` in ascending order,
    /// on a connection a transaction holds.
    static func trades(
        walletID: Int64, after key: TradeOrderKey?, limit: Int, connection: PostgresConnection, logger: Logger
    ) async throws -> [Trade] {
        let query: PostgresQuery
        if let key {
            query = """
                SELECT \(unescaped: tradeColumns) FROM trades t \(unescaped: tradeJoins)
                WHERE t.wallet_id = \(walletID) AND (t.slot, t.block_time, t.signature, t.leg)
                    > (\(Int64(bitPattern: key.slot)), \(key.blockTime), \(key.signature), \(Int32(key.leg)))
                ORDER BY t.slot, t.block_time, t.signature, t.leg LIMIT \(Int64(limit))
                """
        } else {
            query = """
                SELECT \(unescaped: tradeColumns) FROM trades t \(unescaped: tradeJoins) WHERE t.wallet_id = \(walletID)
                ORDER BY t.slot, t.block_time, t.signature, t.leg LIMIT \(Int64(limit))
                """
        }
        var trades: [Trade] = []
        trades.reserveCapacity(limit)
        for try await row in try await connection.collect(query, logger: logger) {
            trades.append(try PostgresTradeWriter.trade(row))
        }
        return trades
    }
}
