import GRDB
import WalletStreamCore

/// Writes a run of one wallet's trades, handed over in the total order, as `trade_chunks` rows
/// of ``SQLiteChunkUpkeep/tradesPerChunk`` trades (the last one possibly fewer).
struct TradeChunkWriter {
    let db: Database
    let walletID: Int64
    private var body: [UInt8] = []
    private var count = 0
    private var last: TradeOrderKey?

    init(db: Database, walletID: Int64) {
        self.db = db
        self.walletID = walletID
    }

    /// Adds the trade with order key `key` and wire JSON `json`; writes a chunk when it is full.
    mutating func append(_ key: TradeOrderKey, json: some Collection<UInt8>) throws {
        TradeChunkBody.append(key, json: json, to: &body)
        count += 1
        last = key
        if count == SQLiteChunkUpkeep.tradesPerChunk { try finish() }
    }

    /// Writes the trades not written yet as one chunk.
    mutating func finish() throws {
        guard count > 0, let last else { return }
        try SQLiteChunkUpkeep.insert(walletID: walletID, lastKey: last, count: count, body: body, db: db)
        body.removeAll(keepingCapacity: true)
        count = 0
    }
}
