import Logging
import NIOCore
import PostgresNIO
import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// Keeps one wallet's P&L state, stream chunks and counts equal to its stored trades, inside
/// the transaction that stores them.
///
/// The usual write appends: every new trade comes after the wallet's last stored one. Each
/// batch is applied in the total order, loading only the positions it touches, and its trades
/// are appended to the wallet's chunks (the last, partial chunk is taken back first). A batch
/// with a trade before the last stored one makes ``finish()`` rebuild the wallet's state and
/// chunks from its stored trades instead: the same result, at the cost of reading the wallet
/// once. (The SQLite store replays only the tokens concerned; here writes behind the state
/// are rare: imports of newest-first files, which rebuild once per import.)
struct PostgresWalletUpkeep {
    /// Positions held before they are written back and dropped: bounds memory.
    static let maxHeldPositions = 4096
    /// Trades per page read by a rebuild.
    static let rebuildPageSize = 5000

    let wallet: WalletAddress
    let walletID: Int64
    let connection: PostgresConnection
    let logger: Logger
    private var engine: PnLEngine
    private var needsRebuild = false
    private var added = 0
    private var firstTime = Int64.max
    private var lastTime = Int64.min
    /// Records of the trades after the last stored chunk, not written yet.
    private var tail: [UInt8] = []
    private var tailCount = 0
    private var tailLast: TradeOrderKey?
    /// Full chunks not written yet: (last key, trade count, body).
    private var pendingChunks: [(TradeOrderKey, Int, [UInt8])] = []
    private var json = JSONWriter(capacity: 1024)

    init(wallet: WalletAddress, walletID: Int64, connection: PostgresConnection, logger: Logger) async throws {
        self.wallet = wallet
        self.walletID = walletID
        self.connection = connection
        self.logger = logger
        let totals = try await PostgresPnLRows.loadTotals(walletID: walletID, connection: connection, logger: logger)
        engine = PnLEngine(wallet: wallet, totals: totals ?? PnLTotals())
        try await takeBackLastChunk()
    }

    /// Takes the trades this transaction just stored (each new, any order).
    mutating func stored(_ trades: [Trade]) async throws {
        added += trades.count
        for trade in trades {
            firstTime = min(firstTime, trade.blockTime)
            lastTime = max(lastTime, trade.blockTime)
        }
        guard !needsRebuild else { return }
        let sorted = trades.sorted { $0.orderKey < $1.orderKey }
        if let last = engine.totals.lastTrade, let head = sorted.first, head.orderKey < last {
            needsRebuild = true
            return
        }
        try await apply(sorted)
    }

    /// The trades of `batch` without repeats, when they all come after the wallet's last stored
    /// trade; nil otherwise. Such trades cannot be stored already: the transaction holds the
    /// wallet's row lock (taken when it registered the wallet), so no other writer can store
    /// any of this wallet's trades until it ends, and the state it loaded reflects every commit.
    func appendable(_ batch: some Collection<Trade>) -> [Trade]? {
        guard !needsRebuild else { return nil }
        let last = engine.totals.lastTrade
        var seen = Set<TradeOrderKey>()
        seen.reserveCapacity(batch.count)
        var trades: [Trade] = []
        trades.reserveCapacity(batch.count)
        for trade in batch {
            let key = trade.orderKey
            if let last, key <= last { return nil }
            if seen.insert(key).inserted { trades.append(trade) }
        }
        return trades
    }

    /// Makes ``finish()`` rebuild the wallet's state and chunks from its stored trades, as after
    /// a write behind the last one: for trades rewritten in place (a backfill).
    mutating func rebuildAtFinish() {
        needsRebuild = true
    }

    /// Writes everything back; returns how many stored trades a rebuild read (0 for appends).
    mutating func finish() async throws -> Int {
        var replayed = 0
        if needsRebuild {
            replayed = try await rebuild()
        } else {
            try await saveState()
        }
        if added > 0 {
            try await connection.collect(
                """
                UPDATE wallets SET trade_count = trade_count + \(Int64(added)),
                    first_time = LEAST(COALESCE(first_time, \(firstTime)), \(firstTime)),
                    last_time = GREATEST(COALESCE(last_time, \(lastTime)), \(lastTime))
                WHERE id = \(walletID)
                """, logger: logger)
        }
        return replayed
    }

    /// Applies trades that all come after the state's last trade, in the total order.
    private mutating func apply(_ sorted: [Trade]) async throws {
        var mints = Set<String>()
        for trade in sorted {
            for mint in [trade.sold.mint, trade.bought.mint] where engine.positions[mint] == nil { mints.insert(mint) }
        }
        for position in try await PostgresPnLRows.loadPositions(
            walletID: walletID, mints: Array(mints), connection: connection, logger: logger)
        {
            engine.load(position)
        }
        for trade in sorted {
            engine.consume(trade)
            appendToChunks(trade)
        }
        try await writePendingChunks()
        if engine.positions.count > Self.maxHeldPositions { try await savePositions() }
    }

    /// Replaces the wallet's state and chunks with a run over every stored trade; returns their
    /// count.
    private mutating func rebuild() async throws -> Int {
        for table in ["pnl_positions", "pnl_wallets", "trade_chunks"] {
            try await connection.collect(
                PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE wallet_id = $1", binds: binds(walletID)),
                logger: logger)
        }
        engine = PnLEngine(wallet: wallet)
        tail.removeAll()
        tailCount = 0
        tailLast = nil
        pendingChunks.removeAll()
        var after: TradeOrderKey?
        while true {
            let page = try await PostgresTradeStore.trades(
                walletID: walletID, after: after, limit: Self.rebuildPageSize, connection: connection, logger: logger)
            // Positions written back and dropped during the run are loaded again when touched.
            try await apply(page)
            guard page.count == Self.rebuildPageSize, let last = page.last else { break }
            after = last.orderKey
        }
        try await saveState()
        needsRebuild = false
        return engine.totals.trades
    }

    private mutating func saveState() async throws {
        try await savePositions()
        try await PostgresPnLRows.saveTotals(engine.totals, walletID: walletID, connection: connection, logger: logger)
        if let last = tailLast {
            pendingChunks.append((last, tailCount, tail))
            tail = []
            tailCount = 0
            tailLast = nil
        }
        try await writePendingChunks()
    }

    private mutating func savePositions() async throws {
        let changed = engine.touched.compactMap { engine.positions[$0] }
        try await PostgresPnLRows.savePositions(changed, walletID: walletID, connection: connection, logger: logger)
        engine.evictPositions()
    }

    private mutating func appendToChunks(_ trade: Trade) {
        json.bytes.removeAll(keepingCapacity: true)
        json.trade(trade)
        let key = trade.orderKey
        TradeChunkBody.append(key, json: json.bytes, to: &tail)
        tailCount += 1
        tailLast = key
        if tailCount == TradeChunkBody.tradesPerChunk {
            pendingChunks.append((key, tailCount, tail))
            tail = []
            tailCount = 0
            tailLast = nil
        }
    }

    private mutating func writePendingChunks() async throws {
        guard !pendingChunks.isEmpty else { return }
        let chunks = pendingChunks
        pendingChunks.removeAll()
        try await connection.collect(
            """
            INSERT INTO trade_chunks (wallet_id, slot, block_time, signature, leg, count, body)
            SELECT \(walletID), c.slot, c.block_time, c.signature, c.leg, c.count, c.body
            FROM unnest(\(chunks.map { Int64(bitPattern: $0.0.slot) })::bigint[],
                \(chunks.map(\.0.blockTime))::bigint[], \(chunks.map(\.0.signature))::text[],
                \(chunks.map { Int32($0.0.leg) })::int[], \(chunks.map { Int32($0.1) })::int[],
                \(chunks.map { ByteBuffer(bytes: $0.2) })::bytea[])
                AS c(slot, block_time, signature, leg, count, body)
            """, logger: logger)
    }

    /// The wallet's last chunk, when not full, becomes the tail that appends fill up.
    private mutating func takeBackLastChunk() async throws {
        let rows = try await connection.collect(
            """
            DELETE FROM trade_chunks WHERE (wallet_id, slot, block_time, signature, leg) = (
                SELECT wallet_id, slot, block_time, signature, leg FROM trade_chunks WHERE wallet_id = \(walletID)
                ORDER BY slot DESC, block_time DESC, signature DESC, leg DESC LIMIT 1)
                AND count < \(Int32(TradeChunkBody.tradesPerChunk))
            RETURNING slot, block_time, signature, leg, count, body
            """, logger: logger)
        for try await (slot, blockTime, signature, leg, count, body) in rows.decode(
            (Int64, Int64, String, Int32, Int32, ByteBuffer).self)
        {
            tail = Array(body.readableBytesView)
            tailCount = Int(count)
            tailLast = TradeOrderKey(
                slot: UInt64(bitPattern: slot), blockTime: blockTime, signature: signature, leg: Int(leg))
        }
    }

    private func binds(_ value: Int64) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 1)
        binds.append(value)
        return binds
    }
}
