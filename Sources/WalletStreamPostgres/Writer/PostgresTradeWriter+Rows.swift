import Logging
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeWriter {
    /// The wallet's id, registering it when new. The upsert locks the wallet's row until the
    /// transaction ends, so writers of one wallet take turns (``PostgresWalletUpkeep`` relies on it).
    static func walletID(_ wallet: WalletAddress, connection: PostgresConnection, logger: Logger) async throws -> Int64
    {
        let rows = try await connection.collect(
            """
            INSERT INTO wallets (address) VALUES (\(wallet.rawValue))
            ON CONFLICT (address) DO UPDATE SET address = EXCLUDED.address RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw WalletStreamError(code: .internalError, message: "the wallet could not be registered")
    }

    /// Inserts one batch of a wallet's trades; the (signature, leg) of those actually inserted.
    static func insertBatch(
        _ batch: ArraySlice<Trade>, walletID: Int64, connection: PostgresConnection, logger: Logger
    ) async throws -> Set<TradeIdentity> {
        let tokens = try await tokenIDs(batch, connection: connection, logger: logger)
        func id(_ leg: TokenLeg) throws -> Int64 {
            guard let id = tokens[TokenKey(mint: leg.mint, symbol: leg.symbol)] else {
                throw WalletStreamError(code: .internalError, message: "a token could not be stored")
            }
            return id
        }
        // NULL amounts travel as empty text: arrays of optionals do not bind.
        func text(_ amount: Amount?) -> String { amount?.description ?? "" }
        let slots = batch.map { Int64(bitPattern: $0.slot) }
        let times = batch.map(\.blockTime)
        let signatures = batch.map(\.signature)
        let legs = batch.map { Int32($0.leg) }
        let venues = batch.map(\.venue)
        let sides = batch.map { Int16($0.side.storageCode) }
        let sold = try batch.map { try id($0.sold) }
        let soldAmounts = batch.map { $0.sold.amount.description }
        let bought = try batch.map { try id($0.bought) }
        let boughtAmounts = batch.map { $0.bought.amount.description }
        let sol = batch.map { text($0.solAmount) }
        let usd = batch.map { text($0.usdValue) }
        let fees = batch.map { text($0.feeSOL) }
        let sources = batch.map { Int16($0.usdSource?.storageCode ?? 0) }
        let rows = try await connection.collect(
            """
            INSERT INTO trades (wallet_id, slot, block_time, signature, leg, venue, side, sold_token, sold_amount,
                bought_token, bought_amount, sol_amount, usd_value, fee_sol, usd_source)
            SELECT \(walletID), t.slot, t.block_time, t.signature, t.leg, t.venue, t.side, t.sold_token,
                t.sold_amount, t.bought_token, t.bought_amount, NULLIF(t.sol, ''), NULLIF(t.usd, ''),
                NULLIF(t.fee, ''), NULLIF(t.source, 0)
            FROM unnest(\(slots)::bigint[], \(times)::bigint[], \(signatures)::text[], \(legs)::int[],
                \(venues)::text[], \(sides)::smallint[], \(sold)::bigint[], \(soldAmounts)::text[],
                \(bought)::bigint[], \(boughtAmounts)::text[], \(sol)::text[], \(usd)::text[], \(fees)::text[],
                \(sources)::smallint[])
                AS t(slot, block_time, signature, leg, venue, side, sold_token, sold_amount, bought_token,
                    bought_amount, sol, usd, fee, source)
            ON CONFLICT DO NOTHING
            RETURNING signature, leg
            """, logger: logger)
        var inserted = Set<TradeIdentity>()
        for try await (signature, leg) in rows.decode((String, Int32).self) {
            inserted.insert(TradeIdentity(signature: signature, leg: Int(leg)))
        }
        return inserted
    }

    /// Stores trades none of which is stored yet with `COPY … FROM STDIN`: about twice the rate
    /// of the multi-row insert, which must check every row for a conflict and return the rows it
    /// inserted.
    static func copyBatch(
        _ batch: [Trade], walletID: Int64, connection: PostgresConnection, logger: Logger
    ) async throws {
        let tokens = try await tokenIDs(batch[...], connection: connection, logger: logger)
        func id(_ leg: TokenLeg) throws -> Int64 {
            guard let id = tokens[TokenKey(mint: leg.mint, symbol: leg.symbol)] else {
                throw WalletStreamError(code: .internalError, message: "a token could not be stored")
            }
            return id
        }
        try await connection.copyFrom(
            table: "trades",
            columns: [
                "wallet_id", "slot", "block_time", "signature", "leg", "venue", "side", "sold_token", "sold_amount",
                "bought_token", "bought_amount", "sol_amount", "usd_value", "fee_sol", "usd_source",
            ], logger: logger
        ) { writer in
            var text = CopyText(capacity: 1 << 20)
            for trade in batch {
                text.field(walletID)
                text.field(Int64(bitPattern: trade.slot))
                text.field(trade.blockTime)
                text.field(trade.signature)
                text.field(Int64(trade.leg))
                text.field(trade.venue)
                text.field(Int64(trade.side.storageCode))
                text.field(try id(trade.sold))
                text.field(trade.sold.amount.description)
                text.field(try id(trade.bought))
                text.field(trade.bought.amount.description)
                text.field(trade.solAmount?.description)
                text.field(trade.usdValue?.description)
                text.field(trade.feeSOL?.description)
                text.field(trade.usdSource.map { String($0.storageCode) }, last: true)
                if text.buffer.readableBytes >= 1 << 20 { try await writer.write(text.take()) }
            }
            if text.buffer.readableBytes > 0 { try await writer.write(text.take()) }
        }
    }

    /// What identifies a trade within its wallet.
    struct TradeIdentity: Hashable {
        var signature: String
        var leg: Int
    }

    struct TokenKey: Hashable {
        var mint: String
        var symbol: String
    }

    /// Ids of the batch's tokens, interning the new ones.
    static func tokenIDs(
        _ batch: ArraySlice<Trade>, connection: PostgresConnection, logger: Logger
    ) async throws -> [TokenKey: Int64] {
        var keys = Set<TokenKey>()
        for trade in batch {
            keys.insert(TokenKey(mint: trade.sold.mint, symbol: trade.sold.symbol))
            keys.insert(TokenKey(mint: trade.bought.mint, symbol: trade.bought.symbol))
        }
        let mints = keys.map(\.mint)
        let symbols = keys.map(\.symbol)
        // New tokens are inserted and existing ones read, without rewriting their rows (an
        // upsert that updates would write a new row version for every known token).
        let rows = try await connection.collect(
            """
            WITH input AS (SELECT * FROM unnest(\(mints)::text[], \(symbols)::text[]) AS i(mint, symbol)),
                added AS (
                    INSERT INTO tokens (mint, symbol) SELECT mint, symbol FROM input
                    ON CONFLICT DO NOTHING RETURNING id, mint, symbol)
            SELECT id, mint, symbol FROM added
            UNION ALL
            SELECT t.id, t.mint, t.symbol FROM tokens t JOIN input i ON t.mint = i.mint AND t.symbol = i.symbol
            """, logger: logger)
        var ids: [TokenKey: Int64] = [:]
        for try await (id, mint, symbol) in rows.decode((Int64, String, String).self) {
            ids[TokenKey(mint: mint, symbol: symbol)] = id
        }
        // A token another transaction added while this statement ran is in neither half (the
        // statement's snapshot predates it): read those again, now that it is committed.
        let missing = keys.filter { ids[$0] == nil }
        if !missing.isEmpty {
            let again = try await connection.collect(
                """
                SELECT t.id, t.mint, t.symbol FROM tokens t
                JOIN unnest(\(missing.map(\.mint))::text[], \(missing.map(\.symbol))::text[]) AS i(mint, symbol)
                    ON t.mint = i.mint AND t.symbol = i.symbol
                """, logger: logger)
            for try await (id, mint, symbol) in again.decode((Int64, String, String).self) {
                ids[TokenKey(mint: mint, symbol: symbol)] = id
            }
        }
        return ids
    }

    /// A trade from a row of ``PostgresTradeStore/tradeColumns``.
    static func trade(_ row: PostgresRow) throws -> Trade {
        let (
            slot, blockTime, signature, leg, venue, sideCode, soldMint, soldSymbol, soldText, boughtMint, boughtSymbol,
            boughtText, solText, usdText, feeText, sourceCode
        ) = try row.decode(
            (
                Int64, Int64, String, Int32, String, Int16, String, String, String, String, String, String, String?,
                String?, String?, Int16?
            ).self)
        func amount(_ text: String) throws -> Amount {
            guard let amount = Amount(text) else {
                throw WalletStreamError(code: .internalError, message: "a stored amount is malformed")
            }
            return amount
        }
        guard let side = TradeSide(storageCode: Int64(sideCode)) else {
            throw WalletStreamError(code: .internalError, message: "a stored trade side is malformed")
        }
        return Trade(
            signature: signature, slot: UInt64(bitPattern: slot), blockTime: blockTime, leg: Int(leg), venue: venue,
            side: side, sold: TokenLeg(mint: soldMint, symbol: soldSymbol, amount: try amount(soldText)),
            bought: TokenLeg(mint: boughtMint, symbol: boughtSymbol, amount: try amount(boughtText)),
            solAmount: try solText.map(amount), usdValue: try usdText.map(amount), feeSOL: try feeText.map(amount),
            usdSource: sourceCode.flatMap { USDSource(storageCode: Int($0)) })
    }
}
