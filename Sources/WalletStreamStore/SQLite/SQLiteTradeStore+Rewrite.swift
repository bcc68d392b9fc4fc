import GRDB
import GRDBSQLite
import WalletStreamCore
import WalletStreamWire

extension SQLiteTradeStore: TradeRewriteStore {
    public func rewriteNamesAndValues(_ trades: [Trade], wallet: WalletAddress) async throws {
        guard !trades.isEmpty, let walletID = try await walletID(wallet) else { return }
        try await write { db in
            let token = try db.cachedStatement(
                sql: """
                    INSERT INTO tokens (mint, symbol) VALUES (?, ?)
                    ON CONFLICT DO UPDATE SET mint = excluded.mint RETURNING id
                    """)
            func tokenID(_ leg: TokenLeg) throws -> Int64 {
                guard let id = try Int64.fetchOne(token, arguments: [leg.mint, leg.symbol]) else {
                    throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a token could not be stored")
                }
                return id
            }
            let update = try db.cachedStatement(
                sql: """
                    UPDATE trades SET sold_token = ?, bought_token = ?, usd_value = ?, usd_source = ?
                    WHERE wallet_id = ? AND slot = ? AND block_time = ? AND signature = ? AND leg = ?
                    """)
            for trade in trades {
                try update.execute(arguments: [
                    try tokenID(trade.sold), try tokenID(trade.bought), trade.usdValue?.description,
                    trade.usdSource?.storageCode, walletID, Int64(bitPattern: trade.slot), trade.blockTime,
                    trade.signature, trade.leg,
                ])
            }
        }
    }

    public func rebuildDerivedState(of wallet: WalletAddress) async throws {
        guard let walletID = try await walletID(wallet) else { return }
        try await write { db in
            var upkeep = try SQLitePnLUpkeep(db: db, walletID: walletID, wallet: wallet)
            try upkeep.rebuild()
            try db.execute(sql: "DELETE FROM trade_chunks WHERE wallet_id = ?", arguments: [walletID])
            var chunks = TradeChunkWriter(db: db, walletID: walletID)
            var json = JSONWriter(capacity: 1024)
            try Self.forEachStoredPage(walletID: walletID, after: nil, pageSize: 4096, db: db) { page in
                for trade in page {
                    json.bytes.removeAll(keepingCapacity: true)
                    json.trade(trade)
                    try chunks.append(trade.orderKey, json: json.bytes)
                }
            }
            try chunks.finish()
        }
    }
}
