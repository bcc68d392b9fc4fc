import GRDB
import GRDBSQLite
import WalletStreamCore
import WalletStreamWire

extension SQLiteTradeStore {
    /// Schema versions, applied in order; never edit a shipped migration, add one.
    /// `progress(done, total)` reports migrations that visit every wallet.
    static func migrator(progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE wallets (
                        id INTEGER PRIMARY KEY,
                        address TEXT NOT NULL UNIQUE,
                        trade_count INTEGER NOT NULL DEFAULT 0,
                        first_time INTEGER,
                        last_time INTEGER
                    );
                    CREATE TABLE tokens (
                        id INTEGER PRIMARY KEY,
                        mint TEXT NOT NULL,
                        symbol TEXT NOT NULL,
                        UNIQUE (mint, symbol)
                    );
                    CREATE TABLE trades (
                        wallet_id INTEGER NOT NULL REFERENCES wallets(id),
                        slot INTEGER NOT NULL,
                        block_time INTEGER NOT NULL,
                        signature TEXT NOT NULL,
                        leg INTEGER NOT NULL,
                        venue TEXT NOT NULL,
                        side INTEGER NOT NULL,
                        sold_token INTEGER NOT NULL REFERENCES tokens(id),
                        sold_amount TEXT NOT NULL,
                        bought_token INTEGER NOT NULL REFERENCES tokens(id),
                        bought_amount TEXT NOT NULL,
                        sol_amount TEXT,
                        usd_value TEXT,
                        fee_sol TEXT,
                        PRIMARY KEY (wallet_id, slot, block_time, signature, leg)
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX trades_identity ON trades (wallet_id, signature, leg);
                    """)
        }
        migrator.registerMigration("v2-sync") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_state (
                        wallet_id INTEGER PRIMARY KEY REFERENCES wallets(id),
                        newest_synced TEXT,
                        newest_synced_slot INTEGER,
                        run_newest TEXT,
                        run_newest_slot INTEGER,
                        oldest_listed TEXT,
                        listing_complete INTEGER NOT NULL DEFAULT 0,
                        last_synced_at INTEGER
                    );
                    -- status: 0 pending, 1 done (fetched and stored, or failed on chain).
                    CREATE TABLE sync_signatures (
                        wallet_id INTEGER NOT NULL REFERENCES wallets(id),
                        signature TEXT NOT NULL,
                        slot INTEGER NOT NULL,
                        block_time INTEGER,
                        status INTEGER NOT NULL,
                        PRIMARY KEY (wallet_id, signature)
                    ) WITHOUT ROWID;
                    CREATE INDEX sync_pending ON sync_signatures (wallet_id, status, slot, signature);
                    CREATE TABLE sync_skips (
                        wallet_id INTEGER NOT NULL REFERENCES wallets(id),
                        reason TEXT NOT NULL,
                        count INTEGER NOT NULL,
                        PRIMARY KEY (wallet_id, reason)
                    ) WITHOUT ROWID;
                    -- How each transaction's change of the wallet's SOL balance splits up, in
                    -- lamports: wallet_change = swap_sol - (fee if wallet_paid_fee) + other_sol.
                    -- Trade rows keep only the swap's SOL leg and the fee.
                    CREATE TABLE sol_flows (
                        wallet_id INTEGER NOT NULL REFERENCES wallets(id),
                        signature TEXT NOT NULL,
                        wallet_change INTEGER NOT NULL,
                        swap_sol INTEGER NOT NULL,
                        fee INTEGER NOT NULL,
                        wallet_paid_fee INTEGER NOT NULL,
                        other_sol INTEGER NOT NULL,
                        basis TEXT NOT NULL,
                        PRIMARY KEY (wallet_id, signature)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3-pnl") { db in
            // The P&L state kept at write time (see SQLitePnLState); amounts are sortable
            // 16-byte blobs. Built here for every wallet already stored.
            try db.execute(
                sql: """
                    CREATE TABLE pnl_wallets (
                        wallet_id INTEGER PRIMARY KEY REFERENCES wallets(id),
                        trades INTEGER NOT NULL,
                        buys INTEGER NOT NULL,
                        sells INTEGER NOT NULL,
                        swaps INTEGER NOT NULL,
                        volume_sol BLOB NOT NULL,
                        volume_usd BLOB NOT NULL,
                        first_time INTEGER,
                        last_time INTEGER,
                        realized_sol BLOB NOT NULL,
                        realized_usd BLOB NOT NULL,
                        unique_tokens INTEGER NOT NULL,
                        sold_tokens INTEGER NOT NULL,
                        winning_tokens INTEGER NOT NULL,
                        last_slot INTEGER,
                        last_block_time INTEGER,
                        last_signature TEXT,
                        last_leg INTEGER
                    );
                    CREATE TABLE pnl_positions (
                        wallet_id INTEGER NOT NULL REFERENCES wallets(id),
                        mint TEXT NOT NULL,
                        symbol TEXT NOT NULL,
                        buys INTEGER NOT NULL,
                        sells INTEGER NOT NULL,
                        bought_quantity BLOB NOT NULL,
                        sold_quantity BLOB NOT NULL,
                        open_quantity BLOB NOT NULL,
                        open_cost_sol BLOB NOT NULL,
                        realized_sol BLOB NOT NULL,
                        realized_usd BLOB NOT NULL,
                        unmatched_quantity BLOB NOT NULL,
                        lots BLOB NOT NULL,
                        PRIMARY KEY (wallet_id, mint)
                    ) WITHOUT ROWID;
                    CREATE INDEX pnl_positions_ranking ON pnl_positions (wallet_id, realized_sol DESC, mint);
                    """)
            try Self.forEachStoredWallet(db: db, progress: progress) { walletID, wallet in
                var upkeep = try SQLitePnLUpkeep(db: db, walletID: walletID, wallet: wallet)
                try upkeep.rebuild()
            }
        }
        migrator.registerMigration("v4-wire-json") { db in
            // Each trade's wire JSON, written once at insert: a stream copies it instead of
            // decoding the row and encoding it again.
            try db.execute(sql: "ALTER TABLE trades ADD COLUMN json BLOB")
            try Self.forEachStoredWallet(db: db, progress: progress) { walletID, _ in
                try Self.fillWireJSON(walletID: walletID, db: db)
            }
        }
        migrator.registerMigration("v5-one-trade-key") { db in
            // A signature fixes its slot and block time, so the primary key (wallet, slot, block
            // time, signature, leg) already identifies a trade: the unique index on (wallet,
            // signature, leg) only cost every insert a random-page write.
            try db.execute(sql: "DROP INDEX IF EXISTS trades_identity")
        }
        migrator.registerMigration("v6-api-keys") { db in
            // Only a key's public prefix and the SHA-256 of the whole key are kept.
            try db.execute(
                sql: """
                    CREATE TABLE api_keys (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        prefix TEXT NOT NULL UNIQUE,
                        hash BLOB NOT NULL,
                        requests_per_second REAL,
                        max_streams INTEGER,
                        syncs_per_hour INTEGER,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );
                    """)
        }
        migrator.registerMigration("v7-trade-chunks") { db in
            // Streams read runs of trades as one row each (see SQLiteChunkUpkeep) instead of a
            // row per trade; the per-trade JSON moves into them.
            try db.execute(
                sql: """
                    CREATE TABLE trade_chunks (
                        id INTEGER PRIMARY KEY,
                        wallet_id INTEGER NOT NULL REFERENCES wallets(id),
                        slot INTEGER NOT NULL,
                        block_time INTEGER NOT NULL,
                        signature TEXT NOT NULL,
                        leg INTEGER NOT NULL,
                        count INTEGER NOT NULL,
                        body BLOB NOT NULL
                    );
                    CREATE UNIQUE INDEX trade_chunks_order ON trade_chunks (wallet_id, slot, block_time, signature, leg);
                    """)
            try Self.forEachStoredWallet(db: db, progress: progress) { walletID, _ in
                try Self.fillTradeChunks(walletID: walletID, db: db)
            }
            try db.execute(sql: "ALTER TABLE trades DROP COLUMN json")
        }
        migrator.registerMigration("v8-token-metadata") { db in
            // One row per mint looked up, for every wallet; a mint the provider did not know
            // has neither symbol nor name. Prices as exact decimal text.
            try db.execute(
                sql: """
                    CREATE TABLE token_metadata (
                        mint TEXT PRIMARY KEY,
                        symbol TEXT,
                        name TEXT,
                        decimals INTEGER,
                        price_usd TEXT,
                        fetched_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v9-usd-source") { db in
            // Where each usd_value came from (USDSource's storage codes). Values stored before
            // came from CSV imports or the demo generator; they are marked as CSV.
            try db.execute(sql: "ALTER TABLE trades ADD COLUMN usd_source INTEGER")
            try db.execute(sql: "UPDATE trades SET usd_source = 1 WHERE usd_value IS NOT NULL")
        }
        migrator.registerMigration("v10-prices") { db in
            // SOL/USD minute closes for valuing synced trades, fetched a UTC day at a time and
            // kept for every wallet; a day is complete when it was fetched after it ended.
            try db.execute(
                sql: """
                    CREATE TABLE price_days (
                        symbol TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        complete INTEGER NOT NULL,
                        PRIMARY KEY (symbol, day)
                    ) WITHOUT ROWID;
                    CREATE TABLE price_closes (
                        symbol TEXT NOT NULL,
                        minute INTEGER NOT NULL,
                        close TEXT NOT NULL,
                        PRIMARY KEY (symbol, minute)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v11-late-trades") { db in
            // The late-trade journal (LateTradeJournal): AUTOINCREMENT, so a sequence is never
            // reused and a follower's mark stays meaningful.
            try db.execute(
                sql: """
                    CREATE TABLE late_trades (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        wallet TEXT NOT NULL,
                        trade TEXT NOT NULL
                    );
                    CREATE INDEX late_trades_by_wallet ON late_trades (wallet, seq);
                    """)
        }
        return migrator
    }

    /// Writes the chunks of a wallet from its trades' stored JSON (upgrade from before v7).
    static func fillTradeChunks(walletID: Int64, db: Database) throws {
        let rows = try db.makeStatement(
            sql: """
                SELECT slot, block_time, signature, leg, json FROM trades WHERE wallet_id = ?
                ORDER BY slot, block_time, signature, leg
                """)
        rows.bind(1, walletID)
        defer { sqlite3_reset(rows.sqliteStatement) }
        var chunks = TradeChunkWriter(db: db, walletID: walletID)
        var json: [UInt8] = []
        while try rows.stepRow(db) {
            json.removeAll(keepingCapacity: true)
            rows.appendColumnBytes(4, to: &json)
            try chunks.append(SQLiteChunkUpkeep.key(rows, from: 0), json: json)
        }
        try chunks.finish()
    }

    /// Writes the `json` column of every trade of a wallet (upgrade from before v4), a page at
    /// a time.
    static func fillWireJSON(walletID: Int64, db: Database) throws {
        let update = try db.makeStatement(
            sql: """
                UPDATE trades SET json = ? WHERE wallet_id = ? AND slot = ? AND block_time = ? AND signature = ?
                AND leg = ?
                """)
        var json = JSONWriter(capacity: 1024)
        try forEachStoredPage(walletID: walletID, after: nil, pageSize: 4096, db: db) { page in
            for trade in page {
                json.bytes.removeAll(keepingCapacity: true)
                json.trade(trade)
                update.bind(1, blob: json.bytes)
                update.bind(2, walletID)
                update.bind(3, Int64(bitPattern: trade.slot))
                update.bind(4, trade.blockTime)
                update.bind(5, trade.signature)
                update.bind(6, Int64(trade.leg))
                try update.stepDone(db)
            }
        }
    }
}
