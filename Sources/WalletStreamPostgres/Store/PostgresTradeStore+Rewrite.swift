import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: TradeRewriteStore {
    public func rewriteNamesAndValues(_ trades: [Trade], wallet: WalletAddress) async throws {
        guard !trades.isEmpty else { return }
        let logger = self.logger
        try await withTransaction { connection in
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: logger)
            let tokens = try await PostgresTradeWriter.tokenIDs(trades[...], connection: connection, logger: logger)
            func id(_ leg: TokenLeg) throws -> Int64 {
                guard let id = tokens[PostgresTradeWriter.TokenKey(mint: leg.mint, symbol: leg.symbol)] else {
                    throw WalletStreamError(code: .internalError, message: "a token could not be stored")
                }
                return id
            }
            let slots = trades.map { Int64(bitPattern: $0.slot) }
            let times = trades.map(\.blockTime)
            let signatures = trades.map(\.signature)
            let legs = trades.map { Int32($0.leg) }
            let sold = try trades.map { try id($0.sold) }
            let bought = try trades.map { try id($0.bought) }
            // NULLs travel as empty text and 0 (arrays of optionals do not bind).
            let usd = trades.map { $0.usdValue?.description ?? "" }
            let sources = trades.map { Int16($0.usdSource?.storageCode ?? 0) }
            try await connection.collect(
                """
                UPDATE trades t SET sold_token = u.sold, bought_token = u.bought, usd_value = NULLIF(u.usd, ''),
                    usd_source = NULLIF(u.source, 0)
                FROM unnest(\(slots)::bigint[], \(times)::bigint[], \(signatures)::text[], \(legs)::int[],
                    \(sold)::bigint[], \(bought)::bigint[], \(usd)::text[], \(sources)::smallint[])
                    AS u(slot, block_time, signature, leg, sold, bought, usd, source)
                WHERE t.wallet_id = \(walletID) AND t.slot = u.slot AND t.block_time = u.block_time
                    AND t.signature = u.signature AND t.leg = u.leg
                """, logger: logger)
        }
    }

    public func rebuildDerivedState(of wallet: WalletAddress) async throws {
        let logger = self.logger
        try await withTransaction { connection in
            var writer = PostgresTradeWriter(connection: connection, logger: logger)
            try await writer.rebuild(wallet)
        }
    }
}
