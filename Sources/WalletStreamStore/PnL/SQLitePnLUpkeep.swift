import GRDB
import WalletStreamCore

/// Keeps a wallet's P&L state equal to a FIFO run over its stored trades, inside the write
/// transaction that stores them.
///
/// The writer feeds it each trade as it stores it. While trades come after the state's last
/// trade and in the total order (imports of oldest-first files, syncs committed oldest first,
/// the demo, new trades) they are applied at once: only the positions they touch are loaded,
/// and nothing is kept per trade. A trade that lands before one already applied turns the
/// update into a rebuild from the wallet's first trade, run at ``finish()`` over the table in
/// the total order a page at a time. Loaded positions are written back and dropped every few
/// thousand tokens, so memory stays bounded either way.
struct SQLitePnLUpkeep {
    static let pageSize = 2048
    static let maxHeldPositions = 4096

    let db: Database
    let walletID: Int64
    private var engine: PnLEngine
    private var needsRebuild = false
    private var scratch: [UInt8] = []
    /// Realized SOL P&L of the positions loaded from the table, by mint: a position whose value
    /// did not change is saved without touching the ranking index.
    private var storedRealized: [String: Amount] = [:]

    /// Starts from the wallet's stored state.
    init(db: Database, walletID: Int64, wallet: WalletAddress) throws {
        self.db = db
        self.walletID = walletID
        let totals = try SQLitePnLState.loadTotals(walletID: walletID, db: db) ?? PnLTotals()
        engine = PnLEngine(wallet: wallet, totals: totals)
    }

    /// Takes a trade the transaction just stored.
    mutating func stored(_ trade: Trade) throws {
        guard !needsRebuild else { return }
        guard engine.totals.lastTrade.map({ $0 < trade.orderKey }) ?? true else {
            needsRebuild = true
            return
        }
        try apply(trade)
    }

    /// Writes the state back: what was applied, or a rebuild when a trade landed out of order.
    mutating func finish() throws {
        if needsRebuild { return try rebuild() }
        try save()
        try SQLitePnLState.saveTotals(engine.totals, walletID: walletID, db: db)
    }

    /// Replaces the state with a run over every stored trade of the wallet.
    mutating func rebuild() throws {
        try SQLitePnLState.deleteState(walletID: walletID, db: db)
        engine = PnLEngine(wallet: engine.wallet, totals: PnLTotals())
        storedRealized.removeAll()
        needsRebuild = false
        try SQLiteTradeStore.forEachStoredPage(walletID: walletID, after: nil, pageSize: Self.pageSize, db: db) {
            page in
            for trade in page { try apply(trade) }
        }
        try save()
        try SQLitePnLState.saveTotals(engine.totals, walletID: walletID, db: db)
    }

    private mutating func apply(_ trade: Trade) throws {
        try load(trade.sold.mint)
        try load(trade.bought.mint)
        engine.consume(trade)
        if engine.positions.count > Self.maxHeldPositions { try save() }
    }

    private mutating func load(_ mint: String) throws {
        guard engine.positions[mint] == nil,
            let stored = try SQLitePnLState.loadPosition(walletID: walletID, mint: mint, db: db)
        else { return }
        storedRealized[mint] = stored.realizedSOL
        engine.load(stored)
    }

    /// Writes back the positions the engine changed and drops every held position.
    private mutating func save() throws {
        for mint in engine.touched {
            guard let position = engine.positions[mint] else { continue }
            try SQLitePnLState.savePosition(
                position, storedRealizedSOL: storedRealized[mint], walletID: walletID, db: db, scratch: &scratch)
        }
        engine.evictPositions()
        storedRealized.removeAll(keepingCapacity: true)
    }
}
