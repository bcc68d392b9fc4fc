import Logging
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

/// Wallets, tokens and trades on PostgreSQL: batched idempotent writes and keyset pages in the
/// same total order, with the same cursors, as ``SQLiteTradeStore``.
///
/// A step towards the PostgreSQL `TradeStore`: the P&L state and stream chunks kept at write
/// time are not here yet.
public struct PostgresLedger: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Trades per multi-row statement: bounds the size of one statement's parameters.
    static let batchSize = 10_000

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Stores `trades` of `wallet` in one transaction; a trade already stored (same wallet,
    /// signature and leg) is left as it is and counted as already present.
    public func insert(_ trades: [Trade], wallet: WalletAddress) async throws -> InsertCounts {
        try await client.withTransaction(logger: logger) { connection in
            let walletID = try await Self.walletID(wallet, connection: connection, logger: logger)
            var counts = InsertCounts()
            var first = Int64.max
            var last = Int64.min
            var start = trades.startIndex
            while start < trades.endIndex {
                let end = min(start + Self.batchSize, trades.endIndex)
                let batch = trades[start..<end]
                let times = try await Self.insertBatch(
                    batch, walletID: walletID, connection: connection, logger: logger)
                counts.inserted += times.count
                counts.alreadyPresent += batch.count - times.count
                first = min(first, times.min() ?? first)
                last = max(last, times.max() ?? last)
                start = end
            }
            if counts.inserted > 0 {
                try await connection.query(
                    """
                    UPDATE wallets SET trade_count = trade_count + \(Int64(counts.inserted)),
                        first_time = LEAST(COALESCE(first_time, \(first)), \(first)),
                        last_time = GREATEST(COALESCE(last_time, \(last)), \(last))
                    WHERE id = \(walletID)
                    """, logger: logger)
            }
            return counts
        }
    }

    /// Up to `limit` trades of `wallet` strictly after `cursor` in `order`.
    public func page(
        wallet: WalletAddress, after cursor: TradeCursor?, limit: Int, order: ListingOrder
    ) async throws -> TradePage {
        precondition(limit > 0, "page limit must be positive")
        // The SQLite store's conditions (see `SQLiteTradeStore.afterCondition`), with the
        // signature compared byte by byte (the column is COLLATE "C").
        var sql = """
            SELECT t.slot, t.block_time, t.signature, t.leg, t.venue, t.side, s.mint, s.symbol, t.sold_amount,
                b.mint, b.symbol, t.bought_amount, t.sol_amount, t.usd_value, t.fee_sol
            FROM trades t JOIN tokens s ON s.id = t.sold_token JOIN tokens b ON b.id = t.bought_token
            WHERE t.wallet_id = (SELECT id FROM wallets WHERE address = $1)
            """
        var binds = PostgresBindings(capacity: 7)
        binds.append(wallet.rawValue)
        binds.append(Int64(limit))
        if let cursor {
            sql +=
                order == .ascending
                ? """
                 AND t.slot >= $3 AND (t.slot > $3 OR t.block_time > $4
                    OR (t.block_time = $4 AND (t.signature > $6 OR (t.signature >= $5 AND t.leg > $7))))
                """
                : """
                 AND t.slot <= $3 AND (t.slot < $3 OR t.block_time < $4
                    OR (t.block_time = $4 AND (t.signature < $5 OR (t.signature < $6 AND t.leg < $7))))
                """
            binds.append(Int64(bitPattern: cursor.slot))
            binds.append(cursor.blockTime)
            binds.append(cursor.signaturePrefix)
            binds.append(cursor.signaturePrefix + "\u{7F}")
            binds.append(Int32(cursor.leg))
        }
        let direction = order == .ascending ? "ASC" : "DESC"
        sql +=
            " ORDER BY t.slot \(direction), t.block_time \(direction), t.signature \(direction), t.leg \(direction) LIMIT $2"
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        var trades: [Trade] = []
        trades.reserveCapacity(limit)
        let rows = try await client.query(query, logger: logger)
        for try await row in rows {
            trades.append(try Self.trade(row))
        }
        let next = trades.count == limit ? trades.last.map { TradeCursor(wallet: wallet, after: $0) } : nil
        return TradePage(trades: trades, nextCursor: next)
    }

    /// Number of stored trades of `wallet` (0 for an unknown wallet).
    public func count(wallet: WalletAddress) async throws -> Int {
        let rows = try await client.query(
            "SELECT trade_count FROM wallets WHERE address = \(wallet.rawValue)", logger: logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }
}
