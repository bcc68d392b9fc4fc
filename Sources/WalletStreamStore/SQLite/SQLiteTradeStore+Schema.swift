import GRDB

extension SQLiteTradeStore {
    /// Schema versions, applied in order; never edit a shipped migration, add one.
    static var migrator: DatabaseMigrator {
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
        return migrator
    }
}
