import Foundation
import GRDB
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamPostgres
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamWire

/// Streams read the wallet's trades as stored chunks of wire JSON: after any sequence of writes
/// the chunks must hold exactly the stored trades, in the total order, whatever the page size and
/// wherever a cursor points.
/// Limited to 5 minutes: the property tests make a PostgreSQL database per seed, and beside
/// the other suites on two cores they ran past 2.
@Suite(.timeLimit(.minutes(5))) struct TradeChunkTests {
    static let wallet = TradeFixtures.walletA

    /// Every stream row after `cursor`, `limit` at a time, following each page's last row.
    static func streamAll(_ store: any TradeStore, limit: Int, after start: TradeCursor? = nil) async throws
        -> [StreamRow]
    {
        var rows: [StreamRow] = []
        var cursor = start
        for _ in 0..<10_000 {
            let page = try await store.streamPage(wallet: wallet, after: cursor, limit: limit)
            rows += page.rows
            guard page.isFull, let last = page.rows.last else { break }
            cursor = last.cursor(wallet: wallet)
        }
        return rows
    }

    static func wireJSON(_ trades: [Trade]) -> [[UInt8]] {
        trades.sorted { $0.orderKey < $1.orderKey }.map { trade in
            var json = JSONWriter()
            json.trade(trade)
            return json.bytes
        }
    }

    /// The index of the first row whose JSON differs from `expected` (or where one list ends
    /// first); nil when they are equal. A short failure message instead of two byte dumps.
    static func firstDifference(_ rows: [StreamRow], _ expected: ArraySlice<[UInt8]>) -> Int? {
        for (index, (row, json)) in zip(rows, expected).enumerated() where !row.json.elementsEqual(json) {
            return index
        }
        return rows.count == expected.count ? nil : min(rows.count, expected.count)
    }

    static func expectChunksMatch(_ store: any TradeStore, _ stored: [Trade], _ context: String) async throws {
        let expected = wireJSON(stored)
        for limit in [1, 37, 101, 1000] {
            let rows = try await streamAll(store, limit: limit)
            #expect(firstDifference(rows, expected[...]) == nil, "\(context), pages of \(limit)")
        }
        // Resuming from any trade continues with the next one.
        let sorted = stored.sorted { $0.orderKey < $1.orderKey }
        for index in stride(from: 0, to: sorted.count, by: max(1, sorted.count / 7)) {
            let cursor = TradeCursor(wallet: wallet, after: sorted[index])
            let rows = try await streamAll(store, limit: 50, after: cursor)
            #expect(firstDifference(rows, expected[(index + 1)...]) == nil, "\(context), after \(index)")
        }
    }

    @Test(
        "After random writes in random orders and batch splits the chunks hold exactly the stored trades",
        arguments: StoreBackend.allCases)
    func chunksEqualStoredTradesAfterAnyWrites(_ backend: StoreBackend) async throws {
        for seed in UInt64(1)...8 {
            try await StoreFixtures.withStore(backend) { store in
                var random = SplitMix64(seed: seed &* 104_729)
                let trades = PnLStateTests.randomTrades(400, seed: seed, mints: PnLStateTests.manyMints)
                var pending = trades.sorted { $0.orderKey < $1.orderKey }
                switch seed % 4 {
                case 0: pending.shuffle(using: &random)
                case 1: pending.reverse()
                case 2:
                    // In order, but every tenth trade held back to the end: late trades inside chunks.
                    let late = pending.enumerated().filter { $0.offset % 10 == 3 }.map(\.element)
                    pending = pending.enumerated().filter { $0.offset % 10 != 3 }.map(\.element) + late
                default: break
                }
                let stored = try await PnLStateTests.insertInRandomBatches(
                    pending, into: store, random: &random, maxBatch: 90, shuffleOneIn: 4
                ) { stored, write in
                    if write % 3 == 0 || stored.count == trades.count {
                        try await Self.expectChunksMatch(store, stored, "seed \(seed), \(stored.count) stored")
                    }
                }
                #expect(stored.count == trades.count)
                let sizes = try await Self.chunkSizes(store)
                #expect(sizes.reduce(0, +) == trades.count)
                #expect(sizes.allSatisfy { (1...64).contains($0) }, "seed \(seed): chunk sizes \(sizes)")
            }
        }
    }

    /// The trade count of every stored chunk, read from the database itself.
    static func chunkSizes(_ store: any WalletStore) async throws -> [Int] {
        if let sqlite = store as? SQLiteTradeStore {
            return try await DatabaseQueue(path: sqlite.path).read { db in
                try Int.fetchAll(db, sql: "SELECT count FROM trade_chunks")
            }
        }
        let postgres = try #require(store as? PostgresTradeStore)
        var sizes: [Int] = []
        for try await count in try await postgres.client.query("SELECT count FROM trade_chunks").decode(Int32.self) {
            sizes.append(Int(count))
        }
        return sizes
    }
}
