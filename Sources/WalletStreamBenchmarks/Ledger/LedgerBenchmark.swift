import Foundation
import Logging
import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamWire

/// Store write and scan rates, P&L engine rate and CSV import rate, each with its peak RSS.
public struct LedgerBenchmark: Sendable {
    public var trades: Int
    public var csvPath: String?
    public var logger: Logger

    public init(trades: Int, csvPath: String?, logger: Logger) {
        self.trades = trades
        self.csvPath = csvPath
        self.logger = logger
    }

    public struct Row: Sendable {
        public var name: String
        public var count: Int
        public var elapsed: Duration
        public var peakRSS: Int
        public var unit: String

        public var line: String {
            let name = self.name.padding(toLength: 34, withPad: " ", startingAt: 0)
            return "\(name) \((count).grouped) \(unit) in \(String(format: "%.2f", elapsed.seconds)) s"
                + " = \(BenchFormat.rate(count, elapsed)) · peak RSS \(BenchFormat.megabytes(peakRSS))"
        }
    }

    /// Times `work`, which returns how many `unit`s it did, from a fresh peak RSS.
    static func measure(_ name: String, unit: String = "trades", _ work: () async throws -> Int) async rethrows -> Row {
        ProcessMemory.resetPeak()
        let start = ContinuousClock.now
        let count = try await work()
        return Row(
            name: name, count: count, elapsed: ContinuousClock.now - start, peakRSS: ProcessMemory.peak(), unit: unit)
    }

    /// Measures on `store`, which should be empty (a scratch SQLite file or PostgreSQL database):
    /// rows report this process's peak RSS, not a database server's.
    public func run(store: any TradeStore, report: (Row) -> Void) async throws {
        let clock = ContinuousClock()

        // Store writes: the demo generator streamed into one transaction, as `walletstream demo` does.
        ProcessMemory.resetPeak()
        var start = clock.now
        let seeded = try await DemoSeeder(store: store, logger: logger).seed(seed: 7, count: trades)
        report(
            Row(
                name: "store write (demo, one transaction)", count: seeded.inserted, elapsed: clock.now - start,
                peakRSS: ProcessMemory.peak(), unit: "trades"))
        let wallet = seeded.wallet

        // Ordered scan: keyset pages of 1,000 in the total order.
        report(
            try await Self.measure("store ordered scan (pages of 1000)") {
                var scanned = 0
                try await store.forEachTrade(of: wallet, pageSize: 1000) { _ in scanned += 1 }
                return scanned
            })

        // What a stream reading a binary form of each trade would add: the JSON encoding.
        report(
            try await Self.measure("ordered scan + each trade's JSON") {
                var json = JSONWriter(capacity: 1024)
                var encoded = 0
                try await store.forEachTrade(of: wallet, pageSize: 1000) { trade in
                    json.bytes.removeAll(keepingCapacity: true)
                    json.trade(trade)
                    encoded += 1
                }
                return encoded
            })

        // The stream's read: the stored chunks, nothing decoded.
        report(
            try await Self.measure("stream page reads (stored chunks)") {
                var streamed = 0
                var cursor: TradeCursor?
                while true {
                    let page = try await store.streamPage(wallet: wallet, after: cursor, limit: 128)
                    streamed += page.rows.count
                    guard page.isFull, let last = page.rows.last else { break }
                    cursor = last.cursor(wallet: wallet)
                }
                return streamed
            })

        // The P&L upkeep's work for the whole wallet at once: what the write above did
        // incrementally, batch by batch, inside its transactions.
        if let sqlite = store as? SQLiteTradeStore {
            report(
                try await Self.measure("P&L state rebuild from the stored trades") {
                    try await sqlite.rebuildPnL(of: wallet)
                    return seeded.inserted
                })
        }

        // What /summary and /tokens read: the stored state, no trade.
        ProcessMemory.resetPeak()
        start = clock.now
        var summary = try await store.summary(of: wallet)
        for _ in 1..<100 { summary = try await store.summary(of: wallet) }
        report(
            Row(
                name: "summary read (\(summary.uniqueTokens.grouped) tokens)", count: 100, elapsed: clock.now - start,
                peakRSS: ProcessMemory.peak(), unit: "reads"))
        start = clock.now
        var cursor: TokenCursor?
        for _ in 0..<100 {
            let page = try await store.tokens(of: wallet, order: .pnlDescending, after: cursor, limit: 100)
            cursor = page.nextCursor
        }
        report(
            Row(
                name: "token table page of 100", count: 100, elapsed: clock.now - start,
                peakRSS: ProcessMemory.peak(), unit: "pages"))

        // A trade landing before stored ones (a late sync batch): the upkeep replays the
        // positions of its token only, not the wallet.
        if let token = summary.bestToken {
            let late = Trade(
                signature: "late-bench-trade", slot: 1, blockTime: 1, leg: 0, venue: "bench", side: .buy,
                sold: .sol(Amount(units: 1)),
                bought: TokenLeg(mint: token.mint, symbol: token.symbol, amount: Amount(units: 1)),
                solAmount: Amount(units: 1), usdValue: nil)
            ProcessMemory.resetPeak()
            start = clock.now
            let counts = try await store.insert([late], wallet: wallet)
            report(
                Row(
                    name: "late trade: \(counts.replayedTrades.grouped) replayed", count: 1,
                    elapsed: clock.now - start, peakRSS: ProcessMemory.peak(), unit: "writes"))
        }

        // The engine alone over trades already in memory (200,000 resident, fed 5 times).
        let resident = Array(DemoTradeGenerator(seed: 7, count: min(trades, 200_000)))
        ProcessMemory.resetPeak()
        start = clock.now
        var engine = PnLEngine(wallet: wallet)
        for _ in 0..<5 {
            for trade in resident { engine.consume(trade) }
        }
        let elapsed = clock.now - start
        _ = engine.summary()
        report(
            Row(
                name: "FIFO P&L engine (in memory)", count: engine.totals.trades, elapsed: elapsed,
                peakRSS: ProcessMemory.peak(), unit: "trades"))

        if let csvPath {
            report(
                try await Self.measure("CSV import (real file, new wallet)", unit: "rows") {
                    try await CSVImporter(store: store, logger: logger).importFile(at: csvPath).rowsRead
                })
        }
    }
}
