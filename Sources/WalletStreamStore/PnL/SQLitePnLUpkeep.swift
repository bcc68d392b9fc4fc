import GRDB
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
    /// (nil: rebuild from scratch). `stored`, when given, are exactly the trades the transaction
    /// stored for the wallet.
    mutating func update(earliestStored: TradeOrderKey?, stored: [Trade]? = nil) throws {
        var totals = try SQLitePnLState.loadTotals(walletID: walletID, db: db) ?? PnLTotals()
        let appends = earliestStored.map { earliest in totals.lastTrade.map { $0 < earliest } ?? true } ?? false
        if !appends {
            try SQLitePnLState.deleteState(walletID: walletID, db: db)
            totals = PnLTotals()
        }
        var engine = PnLEngine(wallet: wallet, totals: totals)
        if appends, let stored {
            try consume(stored.sorted { $0.orderKey < $1.orderKey }, into: &engine)
        } else {
            try SQLiteTradeStore.forEachStoredPage(
                walletID: walletID, after: totals.lastTrade, pageSize: Self.pageSize, db: db
            ) { page in try consume(page, into: &engine) }
        }
        try save(&engine)
        try SQLitePnLState.saveTotals(engine.totals, walletID: walletID, db: db)
    }

    /// Runs the engine over `trades`, all after its last trade, in the total order.
    private mutating func consume(_ trades: [Trade], into engine: inout PnLEngine) throws {
        for trade in trades {
            try load(trade.sold.mint, into: &engine)
            try load(trade.bought.mint, into: &engine)
            engine.consume(trade)
            if engine.positions.count > Self.maxHeldPositions { try save(&engine) }
        }
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
}
