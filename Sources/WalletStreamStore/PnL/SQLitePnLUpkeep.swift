import GRDB
import GRDBSQLite
import WalletStreamCore

/// Keeps a wallet's P&L state equal to a FIFO run over its stored trades, inside the write
/// transaction that stored them.
///
/// Trades stored after the state's last trade (imports, syncs fetched oldest first, new trades)
/// are applied incrementally: only the positions they touch are loaded, and the trades come
/// from the writer's memory when it kept them. A write that lands before the state's last trade
/// rebuilds the wallet's state from its first trade, reading the trades back from the table in
/// the total order a page at a time. Loaded positions are written back and dropped every few
/// thousand tokens, so memory stays bounded.
struct SQLitePnLUpkeep {
    static let pageSize = 2048
    static let maxHeldPositions = 4096

    let db: Database
    let walletID: Int64
    let wallet: WalletAddress
    private var scratch: [UInt8] = []
    /// Realized SOL P&L of the positions loaded from the table, by mint: a position whose value
    /// did not change is saved without touching the ranking index.
    private var storedRealized: [String: Amount] = [:]

    init(db: Database, walletID: Int64, wallet: WalletAddress) {
        self.db = db
        self.walletID = walletID
        self.wallet = wallet
    }

    /// Brings the state up to date after trades were stored, the earliest at `earliestStored`
    /// (nil: rebuild from scratch).
    /// `stored`, when given, are exactly the trades the transaction stored for the wallet.
    mutating func update(earliestStored: TradeOrderKey?, stored: [Trade]? = nil) throws {
        let totals = try SQLitePnLState.loadTotals(walletID: walletID, db: db) ?? PnLTotals()
        if let earliestStored, totals.lastTrade.map({ $0 < earliestStored }) ?? true {
            if let stored {
                try apply(stored.sorted { $0.orderKey < $1.orderKey }, from: totals)
            } else {
                try apply(from: totals)
            }
        } else {
            try SQLitePnLState.deleteState(walletID: walletID, db: db)
            try apply(from: PnLTotals())
        }
    }

    /// Runs the engine over `trades`, all after `totals.lastTrade`, in the total order.
    private mutating func apply(_ trades: [Trade], from totals: PnLTotals) throws {
        var engine = PnLEngine(wallet: wallet, totals: totals, positions: [])
        for trade in trades {
            try load(trade.sold.mint, into: &engine)
            try load(trade.bought.mint, into: &engine)
            engine.consume(trade)
            if engine.positions.count > Self.maxHeldPositions { try save(&engine) }
        }
        try save(&engine)
        try SQLitePnLState.saveTotals(engine.totals, walletID: walletID, db: db)
    }

    /// Runs the engine over the stored trades after `totals.lastTrade`.
    private mutating func apply(from totals: PnLTotals) throws {
        var engine = PnLEngine(wallet: wallet, totals: totals, positions: [])
        let statement = try db.cachedStatement(
            sql: """
                SELECT t.slot, t.block_time, t.signature, t.leg, t.side, s.mint, s.symbol, t.sold_amount, b.mint,
                    b.symbol, t.bought_amount, t.sol_amount, t.usd_value
                FROM trades t JOIN tokens s ON s.id = t.sold_token JOIN tokens b ON b.id = t.bought_token
                WHERE t.wallet_id = ?1 AND (t.slot, t.block_time, t.signature, t.leg) > (?2, ?3, ?4, ?5)
                ORDER BY t.slot, t.block_time, t.signature, t.leg
                LIMIT ?6
                """)
        var after = totals.lastTrade
        while true {
            statement.bind(1, walletID)
            // Before every trade: slot -1 (slots are stored as signed 64-bit integers).
            statement.bind(2, after.map { Int64(bitPattern: $0.slot) } ?? -1)
            statement.bind(3, after?.blockTime ?? Int64.min)
            statement.bind(4, after?.signature ?? "")
            statement.bind(5, after.map { Int64($0.leg) } ?? -1)
            statement.bind(6, Int64(Self.pageSize))
            var read = 0
            do {
                defer { sqlite3_reset(statement.sqliteStatement) }
                while try statement.stepRow(db) {
                    let trade = try Self.trade(statement)
                    try load(trade.sold.mint, into: &engine)
                    try load(trade.bought.mint, into: &engine)
                    engine.consume(trade)
                    read += 1
                }
            }
            after = engine.totals.lastTrade
            if engine.positions.count > Self.maxHeldPositions {
                try save(&engine)
            }
            if read < Self.pageSize { break }
        }
        try save(&engine)
        try SQLitePnLState.saveTotals(engine.totals, walletID: walletID, db: db)
    }

    private mutating func load(_ mint: String, into engine: inout PnLEngine) throws {
        guard engine.positions[mint] == nil,
            let stored = try SQLitePnLState.loadPosition(walletID: walletID, mint: mint, db: db)
        else { return }
        storedRealized[mint] = stored.realizedSOL
        engine.load(stored)
    }

    /// Writes back the positions the engine changed and drops every held position.
    private mutating func save(_ engine: inout PnLEngine) throws {
        for mint in engine.touched {
            guard let position = engine.positions[mint] else { continue }
            try SQLitePnLState.savePosition(
                position, storedRealizedSOL: storedRealized[mint], walletID: walletID, db: db, scratch: &scratch)
        }
        engine.evictPositions()
        storedRealized.removeAll(keepingCapacity: true)
    }

    private static func trade(_ statement: Statement) throws -> Trade {
        guard let side = TradeSide(storageCode: statement.int64(4)),
            let soldAmount = try statement.amount(7), let boughtAmount = try statement.amount(10)
        else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "malformed trade row") }
        return Trade(
            signature: statement.text(2), slot: UInt64(bitPattern: statement.int64(0)), blockTime: statement.int64(1),
            leg: Int(statement.int64(3)), venue: "", side: side,
            sold: TokenLeg(mint: statement.text(5), symbol: statement.text(6), amount: soldAmount),
            bought: TokenLeg(mint: statement.text(8), symbol: statement.text(9), amount: boughtAmount),
            solAmount: try statement.amount(11), usdValue: try statement.amount(12))
    }
}
