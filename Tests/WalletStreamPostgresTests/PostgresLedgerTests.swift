import PostgresNIO
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamPostgres
import WalletStreamStore
import WalletStreamTestSupport

/// The real wallet's trades on PostgreSQL and on SQLite: the same trades in the same total
/// order, page by page, and a cursor issued by either backend continues the same on the other.
@Suite(.timeLimit(.minutes(3))) struct PostgresLedgerTests {
    /// Every trade of the real CSV, read back from a SQLite import in ascending order.
    static func realTrades(_ sqlite: SQLiteTradeStore) async throws -> [Trade] {
        _ = try await CSVImporter(store: sqlite, logger: StoreFixtures.logger).importFile(at: SharedData.walletCSV)
        var trades: [Trade] = []
        try await sqlite.forEachTrade(of: TradeFixtures.realWallet) { trades.append($0) }
        return trades
    }

    /// Pages through `wallet` on both backends with each page's cursor; every page and every
    /// next cursor must be equal. Returns the trades seen.
    static func pageBoth(
        _ ledger: PostgresTradeStore, _ sqlite: SQLiteTradeStore, wallet: WalletAddress, limit: Int, order: ListingOrder
    ) async throws -> [Trade] {
        var trades: [Trade] = []
        var cursor: TradeCursor?
        repeat {
            let page = try await ledger.page(wallet: wallet, after: cursor, limit: limit, order: order)
            let same = try await sqlite.page(wallet: wallet, after: cursor, limit: limit, order: order)
            try #require(page.trades == same.trades, "order \(order), limit \(limit), after \(trades.count)")
            #expect(page.nextCursor == same.nextCursor)
            trades += page.trades
            cursor = page.nextCursor
        } while cursor != nil
        return trades
    }

    @Test func realWalletPagesAndCursorsMatchSQLite() async throws {
        let directory = TemporaryDirectory()
        let sqlite = try StoreFixtures.sqlite(in: directory)
        let trades = try await Self.realTrades(sqlite)
        #expect(trades.count == 6483)
        let wallet = TradeFixtures.realWallet
        try await TestPostgres.withDatabase { location, client in
            let ledger = try await StoreFixtures.postgres(location, client: client)
            // Shuffled, in uneven batches, each batch also carrying trades already stored.
            var generator = SystemRandomNumberGenerator()
            let shuffled = trades.shuffled(using: &generator)
            var stored = 0
            var start = 0
            while start < shuffled.count {
                let end = min(shuffled.count, start + Int.random(in: 1...3000, using: &generator))
                let again = start == 0 ? [] : Array(shuffled[0..<start].prefix(7))
                let counts = try await ledger.insert(Array(shuffled[start..<end]) + again, wallet: wallet)
                stored += counts.inserted
                #expect(counts.alreadyPresent == again.count)
                start = end
            }
            #expect(stored == trades.count)
            #expect(try await ledger.count(wallet: wallet) == trades.count)
            #expect(try await ledger.count(wallet: TradeFixtures.walletA) == 0)

            for order in ListingOrder.allCases {
                let expected = order == .ascending ? trades : trades.reversed()
                for limit in [1, 37, 500] where limit > 1 || order == .descending {
                    let paged = try await Self.pageBoth(ledger, sqlite, wallet: wallet, limit: limit, order: order)
                    #expect(paged == expected, "order \(order), limit \(limit)")
                }
            }
            // A cursor as a client sends it back: encoded, then decoded.
            let text = TradeCursor(wallet: wallet, after: trades[2999]).encoded
            let cursor = try TradeCursor(decoding: text, wallet: wallet)
            let page = try await ledger.page(wallet: wallet, after: cursor, limit: 3, order: .ascending)
            #expect(page.trades == Array(trades[3000..<3003]))
        }
    }

    /// Transactions of several legs, several per slot, with full-length signatures (a cursor
    /// keeps only a prefix of the signature): both backends agree on every page and cursor.
    @Test func legsAndSeveralTransactionsPerSlotPageTheSameOnBothBackends() async throws {
        let wallet = TradeFixtures.walletA
        var trades: [Trade] = []
        for slot in UInt64(1)...40 {
            let signature = String(slot % 7) + String(slot) + String(repeating: "Z", count: 80)
            for leg in 0..<(Int(slot % 3) + 1) {
                trades.append(
                    leg % 2 == 0
                        ? TradeFixtures.buy(
                            "MINT\(slot % 5)", quantity: "1.5", sol: "0.25", slot: slot % 9, signature: signature,
                            leg: leg)
                        : TradeFixtures.sell(
                            "MINT\(slot % 5)", quantity: "0.5", sol: "0.125", usd: "20.01", slot: slot % 9,
                            signature: signature, leg: leg))
            }
        }
        let directory = TemporaryDirectory()
        let sqlite = try StoreFixtures.sqlite(in: directory)
        let written = trades
        _ = try await sqlite.insert(written, wallet: wallet)
        try await TestPostgres.withDatabase { location, client in
            let ledger = try await StoreFixtures.postgres(location, client: client)
            #expect(try await ledger.insert(written.reversed(), wallet: wallet).inserted == written.count)
            for order in ListingOrder.allCases {
                for limit in [1, 4] {
                    let paged = try await Self.pageBoth(ledger, sqlite, wallet: wallet, limit: limit, order: order)
                    #expect(paged.count == written.count)
                }
            }
        }
    }
}
