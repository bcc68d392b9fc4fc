import GRDB
import WalletStreamCore

extension SQLiteTradeStore: TokenMetadataStore {
    public func tokenMetadata(mints: [String]) async throws -> [String: TokenMetadata] {
        guard !mints.isEmpty else { return [:] }
        return try await read { db in
            var found: [String: TokenMetadata] = [:]
            let statement = try db.cachedStatement(
                sql: "SELECT mint, symbol, name, decimals, price_usd, fetched_at FROM token_metadata WHERE mint = ?")
            for mint in Set(mints) {
                guard let row = try Row.fetchOne(statement, arguments: [mint]) else { continue }
                found[mint] = Self.tokenMetadata(row)
            }
            return found
        }
    }

    public func tokenMetadata(after: String?, limit: Int) async throws -> [TokenMetadata] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT mint, symbol, name, decimals, price_usd, fetched_at FROM token_metadata
                    WHERE mint > ? ORDER BY mint LIMIT ?
                    """, arguments: [after ?? "", limit]
            ).map(Self.tokenMetadata)
        }
    }

    static func tokenMetadata(_ row: Row) -> TokenMetadata {
        let price: String? = row[4]
        return TokenMetadata(
            mint: row[0], symbol: row[1], name: row[2], decimals: row[3], priceUSD: price.flatMap(Amount.init),
            fetchedAt: row[5])
    }

    public func storeTokenMetadata(_ entries: [TokenMetadata]) async throws {
        guard !entries.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO token_metadata (mint, symbol, name, decimals, price_usd, fetched_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (mint) DO UPDATE SET symbol = excluded.symbol, name = excluded.name,
                        decimals = excluded.decimals, price_usd = excluded.price_usd, fetched_at = excluded.fetched_at
                    """)
            for entry in entries {
                try statement.execute(arguments: [
                    entry.mint, entry.symbol, entry.name, entry.decimals, entry.priceUSD?.description, entry.fetchedAt,
                ])
            }
        }
    }
}
