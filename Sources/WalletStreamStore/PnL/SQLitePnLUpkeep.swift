import GRDB
import WalletStreamCore

/// Keeps a wallet's P&L state equal to a FIFO run over its stored trades, inside the write
/// transaction that stores them.
///
/// The writer feeds it each trade as it stores it. While trades come after the state's last
/// trade and in the total order (imports of oldest-first files, syncs committed oldest first,
/// the demo, new trades) they are applied at once: only the positions they touch are loaded,
/// and nothing is kept per trade.
///
/// A trade that lands before one already applied only changes the positions of its tokens (and
/// of the tokens linked to them by token↔token swaps, which carry cost from one to the other):
/// it is counted in the order-free totals at once, and at ``finish()`` those positions are
/// replayed from their tokens' stored trades and put in place of the old ones. When that would
/// touch more than ``maxReplayedTokens`` tokens the state is rebuilt from the wallet's first
/// trade instead. Loaded positions are written back and dropped every few thousand tokens, so
/// memory stays bounded either way.
struct SQLitePnLUpkeep {
    static let pageSize = 2048
    static let maxHeldPositions = 4096
    static let maxReplayedTokens = 1024

    let db: Database
    let walletID: Int64
    private var engine: PnLEngine
    private var needsRebuild = false
    /// Mints whose positions a trade out of order changed: replayed at ``finish()``.
    private var affected: Set<String> = []
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
        let inOrder = engine.totals.lastTrade.map { $0 < trade.orderKey } ?? true
        if inOrder, !affected.contains(trade.sold.mint), !affected.contains(trade.bought.mint) {
            return try apply(trade)
        }
        // SOL is never a position: only a swap's both legs are tokens.
        if trade.side != .buy { affected.insert(trade.sold.mint) }
        if trade.side != .sell { affected.insert(trade.bought.mint) }
        if affected.count > Self.maxReplayedTokens { needsRebuild = true }
        engine.tally(trade)
    }

    /// Writes the state back: what was applied, with the positions trades out of order changed
    /// replayed, or a rebuild. Returns how many stored trades it read back.
    mutating func finish() throws -> Int {
        var replayed = 0
        if !needsRebuild, !affected.isEmpty { replayed = try replayAffected() }
        if needsRebuild { return try rebuild() }
        try save()
        try SQLitePnLState.saveTotals(engine.totals, walletID: walletID, db: db)
        return replayed
    }

    /// Replaces the state with a run over every stored trade of the wallet; returns their count.
    @discardableResult
    mutating func rebuild() throws -> Int {
        try SQLitePnLState.deleteState(walletID: walletID, db: db)
        engine = PnLEngine(wallet: engine.wallet, totals: PnLTotals())
        storedRealized.removeAll()
        affected.removeAll()
        needsRebuild = false
        try SQLiteTradeStore.forEachStoredPage(walletID: walletID, after: nil, pageSize: Self.pageSize, db: db) {
            page in
            for trade in page { try apply(trade) }
        }
        try save()
        try SQLitePnLState.saveTotals(engine.totals, walletID: walletID, db: db)
        return engine.totals.trades
    }

    /// Replays the affected tokens, closed under the swaps that link them to others, over their
    /// stored trades, and puts the results in place of their positions; sets `needsRebuild`
    /// instead when the closure grows past ``maxReplayedTokens``. Returns the trades replayed.
    private mutating func replayAffected() throws -> Int {
        guard let tokenIDs = try linkedTokenIDs(of: affected) else {
            needsRebuild = true
            return 0
        }
        var replayed = 0
        var replay = PnLEngine(wallet: engine.wallet)
        try SQLiteTradeStore.forEachStoredPage(
            walletID: walletID, after: nil, tokenIDs: tokenIDs, pageSize: Self.pageSize, db: db
        ) { page in
            replayed += page.count
            for trade in page { replay.consume(trade) }
        }
        for (mint, position) in replay.positions {
            try load(mint)
            engine.replacePosition(position)
            if engine.positions.count > Self.maxHeldPositions { try save() }
        }
        let first = try Int64.fetchOne(
            db,
            sql: """
                SELECT block_time FROM trades WHERE wallet_id = ? ORDER BY slot, block_time, signature, leg LIMIT 1
                """, arguments: [walletID])
        engine.setFirstTradeTime(first)
        affected.removeAll()
        return replayed
    }

    /// The ids (as a JSON array) of the tokens of `mints` and of every token a stored swap links
    /// to them, transitively; nil past ``maxReplayedTokens`` mints.
    private func linkedTokenIDs(of mints: Set<String>) throws -> String? {
        var mints = mints
        var ids: [Int64] = []
        var frontier = Array(mints)
        while !frontier.isEmpty {
            var newIDs: [Int64] = []
            for mint in frontier {
                newIDs += try Int64.fetchAll(db, sql: "SELECT id FROM tokens WHERE mint = ?", arguments: [mint])
            }
            ids += newIDs
            let linked = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT s.mint, b.mint FROM trades t
                    JOIN tokens s ON s.id = t.sold_token JOIN tokens b ON b.id = t.bought_token
                    WHERE t.wallet_id = ?1 AND t.side = ?2 AND (t.sold_token IN (SELECT value FROM json_each(?3))
                        OR t.bought_token IN (SELECT value FROM json_each(?3)))
                    """, arguments: [walletID, TradeSide.swap.storageCode, Self.jsonArray(newIDs)])
            frontier = []
            for row in linked {
                for mint in [row[0], row[1]] as [String] where mints.insert(mint).inserted { frontier.append(mint) }
            }
            if mints.count > Self.maxReplayedTokens { return nil }
        }
        return Self.jsonArray(ids)
    }

    private static func jsonArray(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
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
