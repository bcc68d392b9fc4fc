import GRDB
import GRDBSQLite
import WalletStreamCore
import WalletStreamWire

/// Stores trades inside one write transaction of ``SQLiteTradeStore``.
final class SQLiteTradeWriter: TradeSink {
    private let db: Database
    private let insertTrade: Statement
    private let insertToken: Statement
    private let insertWallet: Statement
    /// The store's cache as of the transaction's start, only read: interning into it would copy
    /// its dictionaries (one entry per token ever seen) in every transaction.
    private let known: InternCache
    private(set) var newlyInterned = InternCache()
    private(set) var counts = InsertCounts()
    /// What this transaction added to one wallet: folded into `wallets` at the end; its P&L
    /// and chunk upkeeps take each trade as it is stored.
    private struct WalletDelta {
        var count: Int64 = 0
        var first = Int64.max
        var last = Int64.min
        var upkeep: SQLitePnLUpkeep
        var chunks: SQLiteChunkUpkeep

        mutating func add(_ trade: Trade, json: [UInt8]) throws {
            count += 1
            first = min(first, trade.blockTime)
            last = max(last, trade.blockTime)
            try upkeep.stored(trade)
            try chunks.stored(trade, json: json)
        }
    }

    private var walletDeltas: [Int64: WalletDelta] = [:]
    private var scratch: [UInt8] = []
    private var json = JSONWriter(capacity: 1024)

    init(db: Database, known: InternCache) throws {
        self.db = db
        self.known = known
        insertTrade = try db.cachedStatement(
            sql: """
                INSERT INTO trades (wallet_id, slot, block_time, signature, leg, venue, side, sold_token,
                    sold_amount, bought_token, bought_amount, sol_amount, usd_value, fee_sol, usd_source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
        insertToken = try db.cachedStatement(
            sql:
                "INSERT INTO tokens (mint, symbol) VALUES (?, ?) ON CONFLICT DO UPDATE SET mint = excluded.mint RETURNING id"
        )
        insertWallet = try db.cachedStatement(
            sql:
                "INSERT INTO wallets (address) VALUES (?) ON CONFLICT DO UPDATE SET address = excluded.address RETURNING id"
        )
        scratch.reserveCapacity(64)
    }

    @discardableResult
    func add(_ trade: Trade, wallet: WalletAddress) throws -> Bool {
        let walletID = try walletID(wallet)
        let sold = try tokenID(trade.sold)
        let bought = try tokenID(trade.bought)
        let statement = insertTrade
        statement.bind(1, walletID)
        statement.bind(2, Int64(bitPattern: trade.slot))
        statement.bind(3, trade.blockTime)
        statement.bind(4, trade.signature)
        statement.bind(5, Int64(trade.leg))
        statement.bind(6, trade.venue)
        statement.bind(7, trade.side.storageCode)
        statement.bind(8, sold)
        statement.bind(9, trade.sold.amount, scratch: &scratch)
        statement.bind(10, bought)
        statement.bind(11, trade.bought.amount, scratch: &scratch)
        statement.bind(12, trade.solAmount, scratch: &scratch)
        statement.bind(13, trade.usdValue, scratch: &scratch)
        statement.bind(14, trade.feeSOL, scratch: &scratch)
        statement.bind(15, trade.usdSource.map { Int64($0.storageCode) })
        try statement.stepDone(db)
        guard db.changesCount > 0 else {
            counts.alreadyPresent += 1
            return false
        }
        counts.inserted += 1
        if walletDeltas[walletID] == nil {
            walletDeltas[walletID] = WalletDelta(
                upkeep: try SQLitePnLUpkeep(db: db, walletID: walletID, wallet: wallet),
                chunks: try SQLiteChunkUpkeep(db: db, walletID: walletID))
        }
        json.bytes.removeAll(keepingCapacity: true)
        json.trade(trade)
        try walletDeltas[walletID]?.add(trade, json: json.bytes)
        return true
    }

    /// Folds the per-wallet counts and time ranges into `wallets`, and brings each changed
    /// wallet's P&L state up to date, in the same transaction as the trades.
    func finish() throws {
        let update = try db.cachedStatement(
            sql: """
                UPDATE wallets SET trade_count = trade_count + ?,
                    first_time = min(coalesce(first_time, ?), ?), last_time = max(coalesce(last_time, ?), ?)
                WHERE id = ?
                """)
        for (walletID, var delta) in walletDeltas {
            try update.execute(arguments: [delta.count, delta.first, delta.first, delta.last, delta.last, walletID])
            counts.replayedTrades += try delta.upkeep.finish()
            try delta.chunks.finish()
        }
    }

    /// Runs extra statements in the same transaction, with the writer's wallet-id interning.
    func withDatabase(_ body: (Database, (WalletAddress) throws -> Int64) throws -> Void) throws {
        try body(db, walletID)
    }

    private func walletID(_ wallet: WalletAddress) throws -> Int64 {
        if let id = known.walletIDs[wallet.rawValue] ?? newlyInterned.walletIDs[wallet.rawValue] { return id }
        let id = try returningID(insertWallet) { $0.bind(1, wallet.rawValue) }
        newlyInterned.walletIDs[wallet.rawValue] = id
        return id
    }

    private func tokenID(_ leg: TokenLeg) throws -> Int64 {
        let key = InternCache.TokenKey(mint: leg.mint, symbol: leg.symbol)
        if let id = known.tokenIDs[key] ?? newlyInterned.tokenIDs[key] { return id }
        let id = try returningID(insertToken) {
            $0.bind(1, leg.mint)
            $0.bind(2, leg.symbol)
        }
        newlyInterned.tokenIDs[key] = id
        return id
    }

    private func returningID(_ statement: Statement, bind: (Statement) -> Void) throws -> Int64 {
        bind(statement)
        let code = sqlite3_step(statement.sqliteStatement)
        defer { sqlite3_reset(statement.sqliteStatement) }
        guard code == SQLITE_ROW else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
        return statement.int64(0)
    }
}

extension TradeSide {
    /// The integer stored in `trades.side`.
    public var storageCode: Int64 {
        switch self {
        case .buy: 0
        case .sell: 1
        case .swap: 2
        }
    }

    public init?(storageCode: Int64) {
        switch storageCode {
        case 0: self = .buy
        case 1: self = .sell
        case 2: self = .swap
        default: return nil
        }
    }
}
