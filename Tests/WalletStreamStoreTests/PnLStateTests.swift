import Foundation
import GRDB
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamWire

/// The P&L state the store keeps at write time must equal a full FIFO replay of the stored
/// trades after any sequence of writes.
/// Limited to 5 minutes: the property tests make a PostgreSQL database per seed, and beside
/// the other suites on two cores they ran past 2.
@Suite(.timeLimit(.minutes(5))) struct PnLStateTests {
    static let wallet = TradeFixtures.walletA
    static let fewMints = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"]
    static let manyMints = (0..<40).map { "M\($0)" }

    /// A random amount in 0…1000 with 12 decimals; zero one time in ten.
    static func amount(_ random: inout SplitMix64) -> Amount {
        random.next() % 10 == 0 ? .zero : Amount(units: Int128(random.next() % 1_000_000_000_000_000))
    }

    /// Random trades with oversells, zero-quantity legs, token↔token swaps, unknown USD values,
    /// several legs per transaction and shared slots.
    static func randomTrades(_ count: Int, seed: UInt64, mints: [String] = fewMints) -> [Trade] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let slot = 1 + random.next() % UInt64(count / 2)
            let mint = mints[Int(random.next() % UInt64(mints.count))]
            let other = mints[Int(random.next() % UInt64(mints.count))]
            let usd: Amount? = random.next() % 3 == 0 ? nil : amount(&random)
            let token = TokenLeg(mint: mint, symbol: mint.lowercased(), amount: amount(&random))
            let sol = amount(&random)
            let side: TradeSide = [.buy, .buy, .sell, .swap][Int(random.next() % 4)]
            let signature = "sig\(index / 2)-\(seed)"
            switch side {
            case .buy:
                return Trade(
                    signature: signature, slot: slot, blockTime: Int64(slot), leg: index % 2, venue: "v", side: .buy,
                    sold: .sol(sol), bought: token, solAmount: sol, usdValue: usd)
            case .sell:
                return Trade(
                    signature: signature, slot: slot, blockTime: Int64(slot), leg: index % 2, venue: "v", side: .sell,
                    sold: token, bought: .sol(sol), solAmount: sol, usdValue: usd)
            case .swap:
                let received = TokenLeg(mint: other, symbol: other.lowercased(), amount: amount(&random))
                return Trade(
                    signature: signature, slot: slot, blockTime: Int64(slot), leg: index % 2, venue: "v", side: .swap,
                    sold: token, bought: received, solAmount: nil, usdValue: usd)
            }
        }
    }

    /// Every token page in `order`, a few at a time.
    static func allTokens(_ store: any TradeStore, _ wallet: WalletAddress, _ order: TokenOrder) async throws
        -> [TokenSummary]
    {
        var tokens: [TokenSummary] = []
        var cursor: TokenCursor?
        for _ in 0..<1000 {
            let page = try await store.tokens(of: wallet, order: order, after: cursor, limit: 4)
            tokens += page.tokens
            guard let next = page.nextCursor else { break }
            // Cursors travel as text.
            cursor = try TokenCursor(decoding: next.encoded, wallet: wallet, order: order)
        }
        return tokens
    }

    /// The stored summary and token table equal a replay of `trades` in the total order.
    static func expectMatchesReplay(
        _ store: any TradeStore, _ wallet: WalletAddress, _ trades: [Trade], _ context: String
    ) async throws {
        var engine = PnLEngine(wallet: wallet)
        for trade in trades.sorted(by: { $0.orderKey < $1.orderKey }) { engine.consume(trade) }
        let summary = try await store.summary(of: wallet)
        #expect(summary == engine.summary(), "\(context)")
        let ranked = engine.tokenSummaries()
        #expect(try await allTokens(store, wallet, .pnlDescending) == ranked, "\(context)")
        #expect(try await allTokens(store, wallet, .pnlAscending) == ranked.reversed(), "\(context)")
        let byMint = ranked.sorted { $0.mint.utf8.lexicographicallyPrecedes($1.mint.utf8) }
        #expect(try await allTokens(store, wallet, .mint) == byMint, "\(context)")
    }

    /// Inserts `pending` in order, in batches of 1…`maxBatch` trades, each with one trade stored
    /// before added again (a retried write, which must change nothing) and shuffled one time in
    /// `shuffleOneIn`; calls `afterWrite` with the trades stored so far and the write's number.
    /// Returns the trades stored.
    static func insertInRandomBatches(
        _ pending: [Trade], into store: any TradeStore, random: inout SplitMix64, maxBatch: UInt64,
        shuffleOneIn: UInt64, afterWrite: (_ stored: [Trade], _ write: Int) async throws -> Void
    ) async throws -> [Trade] {
        var pending = pending[...]
        var stored: [Trade] = []
        var writes = 0
        while !pending.isEmpty {
            let size = min(pending.count, 1 + Int(random.next() % maxBatch))
            var batch = Array(pending.prefix(size))
            pending.removeFirst(size)
            if let again = stored.randomElement(using: &random) { batch.append(again) }
            if random.next() % shuffleOneIn == 0 { batch.shuffle(using: &random) }
            _ = try await store.insert(batch, wallet: wallet)
            stored += batch.filter { trade in !stored.contains { $0.orderKey == trade.orderKey } }
            writes += 1
            try await afterWrite(stored, writes)
        }
        return stored
    }

    @Test(
        "Random trades in random orders and batch splits: the state always equals a full replay",
        arguments: StoreBackend.allCases)
    func stateEqualsReplayAfterAnyWrites(_ backend: StoreBackend) async throws {
        for seed in UInt64(1)...12 {
            try await StoreFixtures.withStore(backend) { store in
                var random = SplitMix64(seed: seed &* 7919)
                // Few tokens (every write behind the state touches most of them) or many (it replays a few).
                let trades = Self.randomTrades(80, seed: seed, mints: seed % 3 == 0 ? Self.manyMints : Self.fewMints)
                // Mostly in order (the common append), with shuffled stretches that land before
                // trades already stored.
                var pending = trades.sorted { $0.orderKey < $1.orderKey }
                if seed % 2 == 0 { pending.shuffle(using: &random) }
                let stored = try await Self.insertInRandomBatches(
                    pending, into: store, random: &random, maxBatch: 15, shuffleOneIn: 3
                ) { stored, _ in
                    try await Self.expectMatchesReplay(
                        store, Self.wallet, stored, "seed \(seed), \(stored.count) stored")
                }
                #expect(stored.count == trades.count)
            }
        }
    }

    @Test("A trade landing before stored ones replays only its tokens and those swaps link to them")
    func writeBehindReplaysOnlyAffectedTokens() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        // 200 tokens bought and sold in turn; T1 is swapped into T2, which links the two.
        var trades: [Trade] = []
        for index in 0..<200 {
            let slot = UInt64(10 * index + 10)
            trades.append(TradeFixtures.buy("T\(index)", quantity: "10", sol: "1", slot: slot))
            trades.append(TradeFixtures.sell("T\(index)", quantity: "4", sol: "\(index % 3)", slot: slot + 2))
        }
        trades.append(TradeFixtures.swap(from: "T1", quantity: "3", to: "T2", received: "7", slot: 5000))
        let appended = try await store.insert(trades, wallet: Self.wallet)
        #expect(appended.inserted == trades.count && appended.replayedTrades == 0)

        // A late buy of T1 before its first sell: T1's trades and T2's (linked by the swap) replay.
        let late = TradeFixtures.buy("T1", quantity: "5", sol: "2", slot: 21)
        let counts = try await store.insert([late], wallet: Self.wallet)
        #expect(counts.inserted == 1)
        #expect(counts.replayedTrades == 6, "T1: buy, late buy, sell, swap; T2: buy, sell (the swap counted once)")
        trades.append(late)
        try await Self.expectMatchesReplay(store, Self.wallet, trades, "after the late buy")

        // Before the wallet's first trade: the first trade time moves back.
        let earliest = TradeFixtures.buy("T199", quantity: "1", sol: "1", slot: 1)
        #expect(try await store.insert([earliest], wallet: Self.wallet).replayedTrades == 3)
        trades.append(earliest)
        try await Self.expectMatchesReplay(store, Self.wallet, trades, "after the earliest buy")
    }

    @Test(
        "A summary is bounded: the ten best and ten worst tokens, whatever the wallet", arguments: StoreBackend.allCases
    )
    func summaryIsBounded(_ backend: StoreBackend) async throws {
        try await StoreFixtures.withStore(backend) { store in
            var trades: [Trade] = []
            for index in 0..<300 {
                let slot = UInt64(2 * index + 1)
                let proceeds = "\(index % 7).5"
                trades.append(TradeFixtures.buy("T\(index)", quantity: "10", sol: "1", slot: slot))
                trades.append(TradeFixtures.sell("T\(index)", quantity: "10", sol: proceeds, slot: slot + 1))
            }
            _ = try await store.insert(trades, wallet: Self.wallet)
            let summary = try await store.summary(of: Self.wallet)
            #expect(summary.uniqueTokens == 300)
            #expect(summary.topTokens.count == 10 && summary.bottomTokens.count == 10)
            #expect(summary.bestToken?.realizedPnLSOL == Amount("5.5"))
            #expect(summary.worstToken?.realizedPnLSOL == Amount("-0.5"))
            #expect(try JSONEncoder().encode(summary).count < 64 * 1024)
            try await Self.expectMatchesReplay(store, Self.wallet, trades, "300 tokens")
        }
    }

    @Test(
        "A write behind the state of a wallet with more tokens than are held at once rebuilds it exactly",
        arguments: StoreBackend.allCases)
    func rebuildOfAWalletWithManyTokens(_ backend: StoreBackend) async throws {
        try await StoreFixtures.withStore(backend) { store in
            // 5,000 tokens (more than the 4,096 positions an upkeep holds before writing them
            // back), each bought, then sold after all the buys: the sells touch positions
            // written back and dropped earlier in the same run.
            var trades: [Trade] = []
            for index in 0..<5000 {
                trades.append(TradeFixtures.buy("T\(index)", quantity: "10", sol: "1", slot: UInt64(10 + index)))
                trades.append(
                    TradeFixtures.sell("T\(index)", quantity: "4", sol: "\(index % 3)", slot: UInt64(10_000 + index)))
            }
            _ = try await store.insert(trades, wallet: Self.wallet)
            // A late trade before all of them: the state is recomputed over the whole wallet.
            let late = TradeFixtures.buy("T7", quantity: "5", sol: "2", slot: 1)
            _ = try await store.insert([late], wallet: Self.wallet)
            trades.append(late)
            var engine = PnLEngine(wallet: Self.wallet)
            for trade in trades.sorted(by: { $0.orderKey < $1.orderKey }) { engine.consume(trade) }
            #expect(try await store.summary(of: Self.wallet) == engine.summary())
            let stored = try await store.tokens(of: Self.wallet, order: .mint, after: nil, limit: 1000)
            let expected = engine.tokenSummaries().sorted { $0.mint.utf8.lexicographicallyPrecedes($1.mint.utf8) }
            #expect(stored.tokens == Array(expected.prefix(1000)))
        }
    }

    @Test("Upgrading a database from before the P&L state and the stored chunks builds both, reporting progress")
    func migrationBuildsTheState() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("old.sqlite")
        let first = Self.randomTrades(60, seed: 99)
        let second = Self.randomTrades(40, seed: 100)
        do {
            let store = try SQLiteTradeStore(path: path)
            _ = try await store.insert(first, wallet: TradeFixtures.walletA)
            _ = try await store.insert(second, wallet: TradeFixtures.walletB)
        }
        // What a database written before the v3 migration looks like.
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(
                sql: """
                    DROP TABLE pnl_positions; DROP TABLE pnl_wallets; DROP TABLE trade_chunks;
                    DELETE FROM grdb_migrations WHERE identifier IN ('v3-pnl', 'v4-wire-json', 'v7-trade-chunks');
                    """)
        }
        try queue.close()

        let reports = Mutex<[String]>([])
        let store = try SQLiteTradeStore(path: path) { done, total in reports.withLock { $0.append("\(done)/\(total)") }
        }
        // Three migrations visit every wallet: the P&L state, each trade's JSON, the chunks.
        #expect(reports.withLock { $0 } == Array(repeating: ["0/2", "1/2", "2/2"], count: 3).flatMap { $0 })
        try await Self.expectMatchesReplay(store, TradeFixtures.walletA, first, "wallet A after upgrade")
        try await Self.expectMatchesReplay(store, TradeFixtures.walletB, second, "wallet B after upgrade")
        // Every trade's stored JSON is its wire form again.
        for (wallet, trades) in [(TradeFixtures.walletA, first), (TradeFixtures.walletB, second)] {
            let page = try await store.streamPage(wallet: wallet, after: nil, limit: 1000)
            let expected = trades.sorted { $0.orderKey < $1.orderKey }.map { trade in
                var json = JSONWriter()
                json.trade(trade)
                return json.bytes
            }
            #expect(page.rows.map { Array($0.json) } == expected)
            #expect(!page.isFull)
        }
    }

    @Test("Token cursors are opaque, tied to their wallet and sort, and reject tampering")
    func tokenCursors() throws {
        let token = TokenSummary(
            mint: "Mint1", symbol: "M", buys: 1, sells: 1, boughtQuantity: .zero, soldQuantity: .zero,
            openQuantity: .zero, openCostSOL: .zero, realizedPnLSOL: Amount("-12.5") ?? .zero, realizedPnLUSD: .zero,
            unmatchedQuantity: .zero)
        let cursor = TokenCursor(wallet: Self.wallet, order: .pnlAscending, after: token)
        let text = cursor.encoded
        #expect(try TokenCursor(decoding: text, wallet: Self.wallet, order: .pnlAscending) == cursor)
        for (wallet, order, bad) in [
            (TradeFixtures.walletB, TokenOrder.pnlAscending, text), (Self.wallet, .pnlDescending, text),
            (Self.wallet, .pnlAscending, String(text.dropLast(text.count / 2))), (Self.wallet, .pnlAscending, "x!"),
        ] {
            #expect(throws: WalletStreamError.self) { try TokenCursor(decoding: bad, wallet: wallet, order: order) }
        }
    }
}
