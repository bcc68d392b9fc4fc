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
        // The rest of the SQLite schema (see `SQLiteTradeStore.migrator`, v2 to v7): sync state,
        // the P&L state kept at write time (amounts as 16-byte sortable `bytea`), API keys and
        // the stream's trade chunks. Mints and signatures compare byte by byte, as in SQLite.
        .init(
            "v3-store",
            [
                """
                CREATE TABLE sync_state (
                    wallet_id BIGINT PRIMARY KEY,
                    newest_synced TEXT,
                    newest_synced_slot BIGINT,
                    run_newest TEXT,
                    run_newest_slot BIGINT,
                    oldest_listed TEXT,
                    listing_complete BOOLEAN NOT NULL DEFAULT false,
                    last_synced_at BIGINT
                )
                """,
                // status: 0 pending, 1 done (fetched and stored, or failed on chain).
                """
                CREATE TABLE sync_signatures (
                    wallet_id BIGINT NOT NULL,
                    signature TEXT COLLATE "C" NOT NULL,
                    slot BIGINT NOT NULL,
                    block_time BIGINT,
                    status SMALLINT NOT NULL,
                    PRIMARY KEY (wallet_id, signature)
                )
                """,
                "CREATE INDEX sync_pending ON sync_signatures (wallet_id, status, slot, signature)",
                """
                CREATE TABLE sync_skips (
                    wallet_id BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    count BIGINT NOT NULL,
                    PRIMARY KEY (wallet_id, reason)
                )
                """,
                """
                CREATE TABLE sol_flows (
                    wallet_id BIGINT NOT NULL,
                    signature TEXT COLLATE "C" NOT NULL,
                    wallet_change BIGINT NOT NULL,
                    swap_sol BIGINT NOT NULL,
                    fee BIGINT NOT NULL,
                    wallet_paid_fee BOOLEAN NOT NULL,
                    other_sol BIGINT NOT NULL,
                    basis TEXT NOT NULL,
                    PRIMARY KEY (wallet_id, signature)
                )
                """,
                """
                CREATE TABLE pnl_wallets (
                    wallet_id BIGINT PRIMARY KEY,
                    trades BIGINT NOT NULL,
                    buys BIGINT NOT NULL,
                    sells BIGINT NOT NULL,
                    swaps BIGINT NOT NULL,
                    volume_sol BYTEA NOT NULL,
                    volume_usd BYTEA NOT NULL,
                    first_time BIGINT,
                    last_time BIGINT,
                    realized_sol BYTEA NOT NULL,
                    realized_usd BYTEA NOT NULL,
                    unique_tokens BIGINT NOT NULL,
                    sold_tokens BIGINT NOT NULL,
                    winning_tokens BIGINT NOT NULL,
                    last_slot BIGINT,
                    last_block_time BIGINT,
                    last_signature TEXT COLLATE "C",
                    last_leg INTEGER
                )
                """,
                """
                CREATE TABLE pnl_positions (
                    wallet_id BIGINT NOT NULL,
                    mint TEXT COLLATE "C" NOT NULL,
                    symbol TEXT NOT NULL,
                    buys BIGINT NOT NULL,
                    sells BIGINT NOT NULL,
                    bought_quantity BYTEA NOT NULL,
                    sold_quantity BYTEA NOT NULL,
                    open_quantity BYTEA NOT NULL,
                    open_cost_sol BYTEA NOT NULL,
                    realized_sol BYTEA NOT NULL,
                    realized_usd BYTEA NOT NULL,
                    unmatched_quantity BYTEA NOT NULL,
                    lots BYTEA NOT NULL,
                    PRIMARY KEY (wallet_id, mint)
                )
                """,
                "CREATE INDEX pnl_positions_ranking ON pnl_positions (wallet_id, realized_sol DESC, mint)",
                """
                CREATE TABLE api_keys (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL,
                    prefix TEXT NOT NULL UNIQUE,
                    hash BYTEA NOT NULL,
                    requests_per_second DOUBLE PRECISION,
                    max_streams BIGINT,
                    syncs_per_hour BIGINT,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT
                )
                """,
                """
                CREATE TABLE trade_chunks (
                    wallet_id BIGINT NOT NULL,
                    slot BIGINT NOT NULL,
                    block_time BIGINT NOT NULL,
                    signature TEXT COLLATE "C" NOT NULL,
                    leg INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    body BYTEA NOT NULL,
                    PRIMARY KEY (wallet_id, slot, block_time, signature, leg)
                )
                """,
                // Chunks are a few tens of KB of JSON read whole by streams: stored out of line
                // without compression, so a read costs no decompression.
                "ALTER TABLE trade_chunks ALTER COLUMN body SET STORAGE EXTERNAL",
            ]),
        // Chunks compressed with LZ4 where the server has it: half the bytes written and read
        // (`bench postgres`, 300k trades: the chunk writes 1.8 s → 1.1 s), and LZ4 decompresses
        // far faster than a stream sends. Without LZ4 they stay uncompressed.
        .init(
            "v4-chunks-lz4",
            [
                """
                DO $$
                BEGIN
                    ALTER TABLE trade_chunks ALTER COLUMN body SET STORAGE EXTENDED,
                        ALTER COLUMN body SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    NULL;
                END
                $$
                """
            ]),
        // One sync per wallet across nodes: the lease's owner syncs and renews it; a node that
        // dies loses it when it expires, and the next node resumes from the stored checkpoint.
        .init(
            "v5-sync-leases",
            [
                """
                CREATE TABLE sync_leases (
                    wallet_id BIGINT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    expires_at TIMESTAMPTZ NOT NULL
                )
                """
            ]),
        // A wallet that the table statistics have not seen yet (any wallet written since the last
        // ANALYZE, such as one being imported or synced) is estimated at one row. For a point
        // lookup such as `wallet_id = $1 AND mint = ANY($2)` the planner then preferred these
        // second indexes, which lead with wallet_id too, and filtered every row of the wallet
        // (`bench postgres`, a second 1M-trade wallet: 3.7 s per batch of 2,000 position loads).
        // Keyed on `wallet_id + 0`, they serve only the queries written with that expression,
        // the ranked token pages and the pending-signature scans, and lookups take the primary key.
        .init(
            "v6-second-indexes-by-expression",
            [
                "DROP INDEX pnl_positions_ranking",
                "CREATE INDEX pnl_positions_ranking ON pnl_positions ((wallet_id + 0), realized_sol DESC, mint)",
                "DROP INDEX sync_pending",
                "CREATE INDEX sync_pending ON sync_signatures ((wallet_id + 0), status, slot, signature)",
            ]),
        // Token metadata, as SQLite's v8: one row per mint looked up, for every wallet.
        .init(
            "v7-token-metadata",
            [
                """
                CREATE TABLE token_metadata (
                    mint TEXT COLLATE "C" PRIMARY KEY,
                    symbol TEXT,
                    name TEXT,
                    decimals INTEGER,
                    price_usd TEXT,
                    fetched_at BIGINT NOT NULL
                )
                """
            ]),
        // As SQLite's v9: where each usd_value came from; values stored before came from CSV
        // imports or the demo generator and are marked as CSV.
        .init(
            "v8-usd-source",
            [
                "ALTER TABLE trades ADD COLUMN usd_source SMALLINT",
                "UPDATE trades SET usd_source = 1 WHERE usd_value IS NOT NULL",
            ]),
        // As SQLite's v10: SOL/USD minute closes, fetched a UTC day at a time for every wallet.
        .init(
            "v9-prices",
            [
                """
                CREATE TABLE price_days (
                    symbol TEXT NOT NULL,
                    day BIGINT NOT NULL,
                    complete BOOLEAN NOT NULL,
                    PRIMARY KEY (symbol, day)
                )
                """,
                """
                CREATE TABLE price_closes (
                    symbol TEXT NOT NULL,
                    minute BIGINT NOT NULL,
                    close TEXT NOT NULL,
                    PRIMARY KEY (symbol, minute)
                )
                """,
            ]),
        // As SQLite's v11: the late-trade journal (LateTradeJournal).
        .init(
            "v10-late-trades",
            [
                """
                CREATE TABLE late_trades (
                    seq BIGSERIAL PRIMARY KEY,
                    wallet TEXT NOT NULL,
                    trade TEXT NOT NULL
                )
                """,
                "CREATE INDEX late_trades_by_wallet ON late_trades (wallet, seq)",
            ]),
    ]
}
