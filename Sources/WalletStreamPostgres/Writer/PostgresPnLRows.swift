import Logging
import NIOCore
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

/// The P&L state's rows on PostgreSQL, as in the SQLite store: `pnl_wallets` (a wallet's
/// ``PnLTotals``) and `pnl_positions` (a ``TokenPosition`` per wallet and mint, lots included).
/// Amounts are 16-byte sortable `bytea` (``Amount/storageBytes``), so an index ranks tokens by
/// exact realized SOL P&L.
enum PostgresPnLRows {
    static let positionColumns = """
        mint, symbol, buys, sells, bought_quantity, sold_quantity, open_quantity, open_cost_sol, realized_sol,
        realized_usd, unmatched_quantity
        """

    static func loadTotals(walletID: Int64, connection: PostgresConnection, logger: Logger) async throws -> PnLTotals? {
        let rows = try await connection.collect(
            """
            SELECT trades, buys, sells, swaps, volume_sol, volume_usd, first_time, last_time, realized_sol,
                realized_usd, unique_tokens, sold_tokens, winning_tokens, last_slot, last_block_time,
                last_signature, last_leg
            FROM pnl_wallets WHERE wallet_id = \(walletID)
            """, logger: logger)
        var found: PnLTotals?
        for try await row in rows {
            let columns = try row.decode(
                (
                    Int64, Int64, Int64, Int64, ByteBuffer, ByteBuffer, Int64?, Int64?, ByteBuffer, ByteBuffer, Int64,
                    Int64, Int64, Int64?, Int64?, String?, Int32?
                ).self)
            var totals = PnLTotals()
            totals.trades = Int(columns.0)
            totals.buys = Int(columns.1)
            totals.sells = Int(columns.2)
            totals.swaps = Int(columns.3)
            totals.volumeSOL = try amount(columns.4)
            totals.volumeUSD = try amount(columns.5)
            totals.firstTradeTime = columns.6
            totals.lastTradeTime = columns.7
            totals.realizedSOL = try amount(columns.8)
            totals.realizedUSD = try amount(columns.9)
            totals.uniqueTokens = Int(columns.10)
            totals.soldTokens = Int(columns.11)
            totals.winningTokens = Int(columns.12)
            if let slot = columns.13, let blockTime = columns.14, let signature = columns.15, let leg = columns.16 {
                totals.lastTrade = TradeOrderKey(
                    slot: UInt64(bitPattern: slot), blockTime: blockTime, signature: signature, leg: Int(leg))
            }
            found = totals
        }
        return found
    }

    static func saveTotals(_ totals: PnLTotals, walletID: Int64, connection: PostgresConnection, logger: Logger)
        async throws
    {
        let last = totals.lastTrade
        try await connection.collect(
            """
            INSERT INTO pnl_wallets (wallet_id, trades, buys, sells, swaps, volume_sol, volume_usd, first_time,
                last_time, realized_sol, realized_usd, unique_tokens, sold_tokens, winning_tokens, last_slot,
                last_block_time, last_signature, last_leg)
            VALUES (\(walletID), \(Int64(totals.trades)), \(Int64(totals.buys)), \(Int64(totals.sells)),
                \(Int64(totals.swaps)), \(bytes(totals.volumeSOL)), \(bytes(totals.volumeUSD)),
                \(totals.firstTradeTime), \(totals.lastTradeTime), \(bytes(totals.realizedSOL)),
                \(bytes(totals.realizedUSD)), \(Int64(totals.uniqueTokens)), \(Int64(totals.soldTokens)),
                \(Int64(totals.winningTokens)), \(last.map { Int64(bitPattern: $0.slot) }), \(last?.blockTime),
                \(last?.signature), \(last.map { Int32($0.leg) }))
            ON CONFLICT (wallet_id) DO UPDATE SET trades = EXCLUDED.trades, buys = EXCLUDED.buys,
                sells = EXCLUDED.sells, swaps = EXCLUDED.swaps, volume_sol = EXCLUDED.volume_sol,
                volume_usd = EXCLUDED.volume_usd, first_time = EXCLUDED.first_time, last_time = EXCLUDED.last_time,
                realized_sol = EXCLUDED.realized_sol, realized_usd = EXCLUDED.realized_usd,
                unique_tokens = EXCLUDED.unique_tokens, sold_tokens = EXCLUDED.sold_tokens,
                winning_tokens = EXCLUDED.winning_tokens, last_slot = EXCLUDED.last_slot,
                last_block_time = EXCLUDED.last_block_time, last_signature = EXCLUDED.last_signature,
                last_leg = EXCLUDED.last_leg
            """, logger: logger)
    }

    /// The stored positions of `mints` (those the wallet has).
    static func loadPositions(walletID: Int64, mints: [String], connection: PostgresConnection, logger: Logger)
        async throws -> [TokenPosition]
    {
        guard !mints.isEmpty else { return [] }
        let rows = try await connection.collect(
            """
            SELECT \(unescaped: positionColumns), lots FROM pnl_positions
            WHERE wallet_id = \(walletID) AND mint = ANY(\(mints)::text[])
            """, logger: logger)
        var positions: [TokenPosition] = []
        for try await row in rows {
            let token = try tokenSummary(row)
            var position = TokenPosition(mint: token.mint, symbol: token.symbol)
            position.buys = token.buys
            position.sells = token.sells
            position.boughtQuantity = token.boughtQuantity
            position.soldQuantity = token.soldQuantity
            position.openQuantity = token.openQuantity
            position.openCostSOL = token.openCostSOL
            position.realizedSOL = token.realizedPnLSOL
            position.realizedUSD = token.realizedPnLUSD
            position.unmatchedQuantity = token.unmatchedQuantity
            let lotBytes = try row.makeRandomAccess()[11].decode(ByteBuffer.self)
            guard let lots = lotBytes.withUnsafeReadableBytes({ Lot.lots(storageBytes: $0) }) else {
                throw corrupt("truncated lot")
            }
            position.lots.append(contentsOf: lots)
            positions.append(position)
        }
        return positions
    }

    /// Inserts or replaces `positions`, in one statement.
    static func savePositions(
        _ positions: [TokenPosition], walletID: Int64, connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !positions.isEmpty else { return }
        var lots: [ByteBuffer] = []
        var scratch: [UInt8] = []
        for position in positions {
            scratch.removeAll(keepingCapacity: true)
            Lot.appendStorageBytes(position.lots, to: &scratch)
            lots.append(ByteBuffer(bytes: scratch))
        }
        try await connection.collect(
            """
            INSERT INTO pnl_positions (wallet_id, mint, symbol, buys, sells, bought_quantity, sold_quantity,
                open_quantity, open_cost_sol, realized_sol, realized_usd, unmatched_quantity, lots)
            SELECT \(walletID), p.* FROM unnest(\(positions.map(\.mint))::text[], \(positions.map(\.symbol))::text[],
                \(positions.map { Int64($0.buys) })::bigint[], \(positions.map { Int64($0.sells) })::bigint[],
                \(positions.map { bytes($0.boughtQuantity) })::bytea[],
                \(positions.map { bytes($0.soldQuantity) })::bytea[],
                \(positions.map { bytes($0.openQuantity) })::bytea[],
                \(positions.map { bytes($0.openCostSOL) })::bytea[],
                \(positions.map { bytes($0.realizedSOL) })::bytea[],
                \(positions.map { bytes($0.realizedUSD) })::bytea[],
                \(positions.map { bytes($0.unmatchedQuantity) })::bytea[], \(lots)::bytea[]) AS p
            ON CONFLICT (wallet_id, mint) DO UPDATE SET symbol = EXCLUDED.symbol, buys = EXCLUDED.buys,
                sells = EXCLUDED.sells, bought_quantity = EXCLUDED.bought_quantity,
                sold_quantity = EXCLUDED.sold_quantity, open_quantity = EXCLUDED.open_quantity,
                open_cost_sol = EXCLUDED.open_cost_sol, realized_sol = EXCLUDED.realized_sol,
                realized_usd = EXCLUDED.realized_usd, unmatched_quantity = EXCLUDED.unmatched_quantity,
                lots = EXCLUDED.lots
            """, logger: logger)
    }

    /// A row of ``positionColumns`` (and maybe more after them) as reported.
    static func tokenSummary(_ row: PostgresRow) throws -> TokenSummary {
        let columns = row.makeRandomAccess()
        func amount(_ index: Int) throws -> Amount { try Self.amount(try columns[index].decode(ByteBuffer.self)) }
        return TokenSummary(
            mint: try columns[0].decode(String.self), symbol: try columns[1].decode(String.self),
            buys: Int(try columns[2].decode(Int64.self)), sells: Int(try columns[3].decode(Int64.self)),
            boughtQuantity: try amount(4), soldQuantity: try amount(5), openQuantity: try amount(6),
            openCostSOL: try amount(7), realizedPnLSOL: try amount(8), realizedPnLUSD: try amount(9),
            unmatchedQuantity: try amount(10))
    }

    static func bytes(_ amount: Amount) -> ByteBuffer {
        ByteBuffer(bytes: amount.storageBytes)
    }

    static func amount(_ buffer: ByteBuffer) throws -> Amount {
        guard buffer.readableBytes == 16 else { throw corrupt("malformed amount") }
        return buffer.withUnsafeReadableBytes { Amount(storageBytes: $0, at: 0) }
    }

    static func corrupt(_ what: String) -> WalletStreamError {
        WalletStreamError(code: .internalError, message: "the stored P&L state is corrupt: \(what)")
    }
}
