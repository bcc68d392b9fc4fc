import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: TokenMetadataStore {
    public func tokenMetadata(mints: [String]) async throws -> [String: TokenMetadata] {
        guard !mints.isEmpty else { return [:] }
        let wanted = Array(Set(mints))
        return try await withConnection { connection in
            var found: [String: TokenMetadata] = [:]
            for try await (mint, symbol, name, decimals, price, fetchedAt) in try await connection.collect(
                """
                SELECT m.mint, m.symbol, m.name, m.decimals, m.price_usd, m.fetched_at
                FROM unnest(\(wanted)::text[]) AS w(mint) JOIN token_metadata m ON m.mint = w.mint
                """, logger: self.logger
            ).decode((String, String?, String?, Int32?, String?, Int64).self) {
                found[mint] = TokenMetadata(
                    mint: mint, symbol: symbol, name: name, decimals: decimals.map(Int.init),
                    priceUSD: price.flatMap(Amount.init), fetchedAt: fetchedAt)
            }
            return found
        }
    }

    public func storeTokenMetadata(_ entries: [TokenMetadata]) async throws {
        guard !entries.isEmpty else { return }
        // NULLs travel as empty text (arrays of optionals do not bind); -1 is no decimals.
        let mints = entries.map(\.mint)
        let symbols = entries.map { $0.symbol ?? "" }
        let names = entries.map { $0.name ?? "" }
        let decimals = entries.map { Int32($0.decimals ?? -1) }
        let prices = entries.map { $0.priceUSD?.description ?? "" }
        let times = entries.map(\.fetchedAt)
        try await withConnection { connection in
            try await connection.collect(
                """
                INSERT INTO token_metadata (mint, symbol, name, decimals, price_usd, fetched_at)
                SELECT mint, NULLIF(symbol, ''), NULLIF(name, ''), NULLIF(decimals, -1), NULLIF(price, ''), fetched_at
                FROM unnest(\(mints)::text[], \(symbols)::text[], \(names)::text[], \(decimals)::int[],
                    \(prices)::text[], \(times)::bigint[]) AS e(mint, symbol, name, decimals, price, fetched_at)
                ON CONFLICT (mint) DO UPDATE SET symbol = EXCLUDED.symbol, name = EXCLUDED.name,
                    decimals = EXCLUDED.decimals, price_usd = EXCLUDED.price_usd, fetched_at = EXCLUDED.fetched_at
                """, logger: self.logger)
        }
    }
}
