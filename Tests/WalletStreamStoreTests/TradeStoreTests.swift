import Foundation
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamTestSupport

/// The store contract, run against both backends.
@Suite(.timeLimit(.minutes(2))) struct TradeStoreTests {
    typealias F = TradeFixtures

    /// 25 trades over 20 transactions, some with two legs, in slots 100…119.
    static func sampleTrades() -> [Trade] {
        var trades: [Trade] = []
        for index in 0..<20 {
            let slot = UInt64(100 + index)
            trades.append(
                F.buy(
                    "M\(index % 4)", quantity: "\(index + 1).5", sol: "0.1", usd: "15", slot: slot,
                    signature: "S\(index)", leg: 0))
            if index % 4 == 0 {
                trades.append(
                    F.sell("M\(index % 4)", quantity: "1", sol: "0.2", slot: slot, signature: "S\(index)", leg: 1))
            }
        }
        return trades
    }

    static func allPages(
        _ store: any TradeStore, wallet: WalletAddress, limit: Int, order: ListingOrder = .ascending
    ) async throws -> [Trade] {
        var result: [Trade] = []
        var cursor: TradeCursor?
        repeat {
            let page = try await store.page(wallet: wallet, after: cursor, limit: limit, order: order)
            #expect(page.trades.count <= limit)
            result += page.trades
            cursor = page.nextCursor
        } while cursor != nil
        return result
    }

    @Test(arguments: StoreBackend.allCases) func storesAndListsInTheTotalOrder(_ backend: StoreBackend) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let trades = Self.sampleTrades()
            let counts = try await store.insert(trades.shuffled(), wallet: F.walletA)
            #expect(counts.inserted == 25 && counts.alreadyPresent == 0)
            #expect(try await store.count(wallet: F.walletA) == 25)
            #expect(try await store.count(wallet: F.walletB) == 0)
            for limit in [1, 2, 5, 7, 25, 100] {
                #expect(try await Self.allPages(store, wallet: F.walletA, limit: limit) == trades)
                #expect(
                    try await Self.allPages(store, wallet: F.walletA, limit: limit, order: .descending)
                        == trades.reversed())
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func storingTheSameTradeTwiceIsANoOp(_ backend: StoreBackend) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let trades = Self.sampleTrades()
            _ = try await store.insert(Array(trades[0..<10]), wallet: F.walletA)
            let again = try await store.insert(trades, wallet: F.walletA)
            #expect(again.inserted == 15 && again.alreadyPresent == 10)
            #expect(try await store.count(wallet: F.walletA) == 25)
            // The same trade under another wallet is another wallet's trade.
            #expect(try await store.insert(Array(trades[0..<3]), wallet: F.walletB).inserted == 3)
            let listed = try await store.wallets()
            #expect(listed.map(\.wallet) == [F.walletA.rawValue, F.walletB.rawValue].sorted())
            #expect(listed.first { $0.wallet == F.walletA.rawValue }?.trades == 25)
            #expect(
                listed.first { $0.wallet == F.walletA.rawValue }?.firstTradeAt
                    == UTCTimestamp.format(trades[0].blockTime))
        }
    }

    @Test(arguments: StoreBackend.allCases) func anAppendWithRepeatsAndControlCharactersStoresEachTradeAsGiven(
        _ backend: StoreBackend
    ) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let trades = Self.sampleTrades()
            _ = try await store.insert(Array(trades[0..<10]), wallet: F.walletA)
            // After every stored trade (PostgreSQL copies such batches rather than upserting
            // them), with repeats inside the batch and text that COPY's format must escape.
            var odd = trades[10]
            odd.venue = "tab\there\\back\nline\rcr\\N"
            let later = [odd] + trades[11...] + trades[11..<15] + [odd]
            let counts = try await store.insert(later, wallet: F.walletA)
            #expect(counts.inserted == 15 && counts.alreadyPresent == 5)
            let expected = Array(trades[0..<10]) + [odd] + trades[11...]
            #expect(try await Self.allPages(store, wallet: F.walletA, limit: 7) == expected)
            #expect(try await store.summary(of: F.walletA).trades == 25)
        }
    }

    @Test(arguments: StoreBackend.allCases) func cursorStaysValidWhenTradesAreInsertedBeforeAndAfterIt(
        _ backend: StoreBackend
    ) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let trades = Self.sampleTrades()
            _ = try await store.insert(Array(trades[5..<20]), wallet: F.walletA)
            let first = try await store.page(wallet: F.walletA, after: nil, limit: 5, order: .ascending)
            let cursor = try #require(first.nextCursor)
            // Older and newer trades arrive while a client holds the cursor.
            _ = try await store.insert(Array(trades[0..<5]) + Array(trades[20...]), wallet: F.walletA)
            let decoded = try TradeCursor(decoding: cursor.encoded, wallet: F.walletA)
            var rest: [Trade] = []
            var next: TradeCursor? = decoded
            while let position = next {
                let page = try await store.page(wallet: F.walletA, after: position, limit: 4, order: .ascending)
                rest += page.trades
                next = page.nextCursor
            }
            #expect(rest == Array(trades[10...]))
            #expect(try await store.count(wallet: F.walletA, through: decoded) == 10)
        }
    }

    @Test(arguments: StoreBackend.allCases) func cursorWithATruncatedSignatureResumesWithinTheSameTransaction(
        _ backend: StoreBackend
    ) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let long = "5g5rkbqii8rkHfgC8CWLDB2bBzKeoXcqmjyFbMvxUW9xXEEHnFc1QRqiG9eEcxdmLk6XgjVpJRnwYqqbWZKg3eBP"
            let trades = [
                F.buy("A", quantity: "1", sol: "1", slot: 7, signature: long, leg: 0),
                F.buy("B", quantity: "1", sol: "1", slot: 7, signature: long, leg: 1),
                F.buy(
                    "C", quantity: "1", sol: "1", slot: 7,
                    signature: String(long.prefix(25)) + "Z" + long.dropFirst(26),
                    leg: 0),
                F.buy("D", quantity: "1", sol: "1", slot: 7, signature: "6" + long, leg: 0),
            ].sorted { $0.orderKey < $1.orderKey }
            _ = try await store.insert(trades, wallet: F.walletA)
            for (position, trade) in trades.enumerated() {
                let cursor = TradeCursor(wallet: F.walletA, after: trade)
                let page = try await store.page(wallet: F.walletA, after: cursor, limit: 10, order: .ascending)
                #expect(page.trades == Array(trades[(position + 1)...]), "after position \(position)")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func failedAtomicInsertStoresNothing(_ backend: StoreBackend) async throws {
        struct Boom: Error {}
        try await StoreFixtures.withStore(backend) { (store: any WalletStore) async throws in
            let trades = Self.sampleTrades()
            await #expect(throws: Boom.self) {
                try await store.insertAtomically { sink in
                    for trade in trades { try sink.add(trade, wallet: F.walletA) }
                    throw Boom()
                }
            }
            #expect(try await store.count(wallet: F.walletA) == 0)
            #expect(try await store.wallets().isEmpty)
            // Ids interned by the rolled-back transaction must not leak into later inserts.
            #expect(try await store.insert(trades, wallet: F.walletA).inserted == 25)
            #expect(try await Self.allPages(store, wallet: F.walletA, limit: 10) == trades)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func largeAtomicInsertIsAllOrNothingAndIdempotent(_ backend: StoreBackend) async throws {
        struct Boom: Error {}
        // Several of the PostgreSQL store's 10,000-trade statements: a failure after some were
        // written must still leave nothing behind.
        let generator = DemoTradeGenerator(seed: 11, count: 25_000)
        try await StoreFixtures.withStore(backend) { store in
            await #expect(throws: Boom.self) {
                try await store.insertAtomically { sink in
                    for trade in generator { try sink.add(trade, wallet: generator.wallet) }
                    throw Boom()
                }
            }
            #expect(try await store.count(wallet: generator.wallet) == 0)
            #expect(try await store.streamPage(wallet: generator.wallet, after: nil, limit: 100).rows.isEmpty)
            #expect(try await store.summary(of: generator.wallet).trades == 0)

            let counts = try await store.insertAtomically { sink in
                for trade in generator { try sink.add(trade, wallet: generator.wallet) }
            }
            #expect(counts.inserted == 25_000 && counts.alreadyPresent == 0)
            let again = try await store.insertAtomically { sink in
                for trade in generator { try sink.add(trade, wallet: generator.wallet) }
            }
            #expect(again.inserted == 0 && again.alreadyPresent == 25_000)
            #expect(try await store.count(wallet: generator.wallet) == 25_000)
            var replay = PnLEngine(wallet: generator.wallet)
            for trade in generator.sorted(by: { $0.orderKey < $1.orderKey }) { replay.consume(trade) }
            #expect(try await store.summary(of: generator.wallet) == replay.summary())
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func theLateTradeJournalKeepsEachWalletsEntriesInOrderAfterAMark(_ backend: StoreBackend) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let trades = Self.sampleTrades()
            #expect(try await store.lateMark(wallet: F.walletA) == 0)
            #expect(try await store.lateTrades(wallet: F.walletA, after: 0, limit: 10).isEmpty)
            try await store.journalLate(Array(trades[3..<6]), wallet: F.walletA)
            try await store.journalLate([trades[0]], wallet: F.walletB)
            try await store.journalLate([], wallet: F.walletA)
            try await store.journalLate([trades[9]], wallet: F.walletA)
            let all = try await store.lateTrades(wallet: F.walletA, after: 0, limit: 10)
            #expect(all.map(\.trade) == Array(trades[3..<6]) + [trades[9]])
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
            #expect(try await store.lateMark(wallet: F.walletA) == all.last?.sequence)
            // After a mark, and in pages.
            let firstTwo = try await store.lateTrades(wallet: F.walletA, after: 0, limit: 2)
            #expect(firstTwo.map(\.trade) == Array(trades[3..<5]))
            let rest = try await store.lateTrades(wallet: F.walletA, after: firstTwo[1].sequence, limit: 10)
            #expect(rest.map(\.trade) == [trades[5], trades[9]])
            let other = try await store.lateTrades(wallet: F.walletB, after: 0, limit: 10)
            #expect(other.map(\.trade) == [trades[0]])
            #expect(try await store.lateMark(wallet: F.walletB) == other.first?.sequence)
            #expect(try await store.lateTrades(wallet: F.walletA, after: all[3].sequence, limit: 10).isEmpty)
        }
    }

    @Test func reopeningTheFileKeepsEverything() async throws {
        let directory = TemporaryDirectory()
        let trades = Self.sampleTrades()
        do {
            let store = try StoreFixtures.sqlite(in: directory)
            _ = try await store.insert(trades, wallet: F.walletA)
        }
        let reopened = try StoreFixtures.sqlite(in: directory)
        #expect(try await Self.allPages(reopened, wallet: F.walletA, limit: 8) == trades)
    }

    @Test func unopenableDatabaseIsAClearError() {
        do {
            _ = try SQLiteTradeStore(path: "/nonexistent-dir/x/y.sqlite", logger: StoreFixtures.logger)
            Issue.record("opened a database in a missing folder")
        } catch {
            #expect(error.code == .storeUnavailable)
            #expect(error.message.contains("/nonexistent-dir/x/y.sqlite"))
        }
    }

    @Test func aFileThatIsNotADatabaseIsRejected() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("notes.sqlite")
        try Array("this is not sqlite, just text that is long enough to matter\n".utf8).write(to: path)
        do {
            _ = try SQLiteTradeStore(path: path, logger: StoreFixtures.logger)
            Issue.record("opened a text file as a database")
        } catch {
            #expect(error.code == .storeUnavailable)
        }
    }
}

extension Array where Element == UInt8 {
    func write(to path: String) throws {
        guard let file = fopen(path, "wb") else { throw WalletStreamError(code: .fileUnreadable, message: path) }
        defer { fclose(file) }
        _ = fwrite(self, 1, count, file)
    }
}
