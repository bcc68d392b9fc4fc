/// The PostgreSQL schema, one migration per version; never edit a shipped migration, add one.
///
/// It follows the SQLite schema (see `SQLiteTradeStore.migrator`): the same total order as the
/// primary key of `trades`, so that cursors mean the same on either backend.
public enum PostgresSchema {
    public static let migrations: [PostgresMigrator.Migration] = [
        .init(
            "v1-ledger",
            [
                """
                CREATE TABLE wallets (
                    id BIGSERIAL PRIMARY KEY,
                    address TEXT NOT NULL UNIQUE,
                    trade_count BIGINT NOT NULL DEFAULT 0,
                    first_time BIGINT,
                    last_time BIGINT
                )
                """,
                """
                CREATE TABLE tokens (
                    id BIGSERIAL PRIMARY KEY,
                    mint TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    UNIQUE (mint, symbol)
                )
                """,
                // Amounts as exact decimal text, as in SQLite; `signature` sorts by its bytes
                // (COLLATE "C"), as SQLite's BINARY collation does.
                """
                CREATE TABLE trades (
                    wallet_id BIGINT NOT NULL REFERENCES wallets(id),
                    slot BIGINT NOT NULL,
                    block_time BIGINT NOT NULL,
                    signature TEXT COLLATE "C" NOT NULL,
                    leg INTEGER NOT NULL,
                    venue TEXT NOT NULL,
                    side SMALLINT NOT NULL,
                    sold_token BIGINT NOT NULL REFERENCES tokens(id),
                    sold_amount TEXT NOT NULL,
                    bought_token BIGINT NOT NULL REFERENCES tokens(id),
                    bought_amount TEXT NOT NULL,
                    sol_amount TEXT,
                    usd_value TEXT,
                    fee_sol TEXT,
                    PRIMARY KEY (wallet_id, slot, block_time, signature, leg)
                )
                """,
            ]),
        // The trades' foreign keys cost a trigger per row per key: ~40% of the write time
        // (`bench postgres`, 1M trades: 42–45k → 72k trades/s). The ledger writes a trade's
        // wallet and tokens in the same transaction before it and deletes none of them.
        .init(
            "v2-trades-without-foreign-keys",
            [
                """
                ALTER TABLE trades DROP CONSTRAINT IF EXISTS trades_wallet_id_fkey,
                    DROP CONSTRAINT IF EXISTS trades_sold_token_fkey,
                    DROP CONSTRAINT IF EXISTS trades_bought_token_fkey
                """
            ]),
    ]
}
