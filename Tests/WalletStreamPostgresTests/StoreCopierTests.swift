import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamPostgres
import WalletStreamStore
import WalletStreamTestSupport

/// `migrate-store`'s copy: everything of a SQLite store lands in PostgreSQL and reads back the
/// same; a second copy changes nothing.
@Suite(.timeLimit(.minutes(3))) struct StoreCopierTests {
    typealias F = TradeFixtures

    /// A sync of wallet A stopped part way: 12 signatures listed, 5 of them fetched (one failed on
    /// chain), their trades, skips and SOL flows stored, 7 still pending.
    static func interruptedSync(_ store: SQLiteTradeStore) async throws {
        let records = (0..<12).map { index in
            SignatureRecord(
                signature: "SIG\(100 + index)", slot: UInt64(900 - index), blockTime: 1_700_000_000 - Int64(index),
                failed: index == 9)
        }
        try await store.recordListedPage(wallet: F.walletA, signatures: records, listingComplete: true)
        let fetched = Array(records.suffix(5)).filter { !$0.failed }.map(\.signature)
        let trades = fetched.enumerated().map { index, signature in
            F.buy("M\(index)", quantity: "\(index + 1)", sol: "0.5", slot: UInt64(889 + index), signature: signature)
        }
        let flows = fetched.map { signature in
            TransactionSOLFlow(
                signature: signature, walletSOLChange: -500_005_000, swapSOL: -500_000_000, fee: 5000,
                walletPaidFee: true, other: 0, basis: .transfers)
        }
        _ = try await store.completeBatch(
            wallet: F.walletA, signatures: Array(records.suffix(5)).map(\.signature), trades: trades,
            skipped: ["spam": 1], flows: flows)
    }

    @Test func aCopyReadsBackTheSameAndASecondCopyChangesNothing() async throws {
        let directory = TemporaryDirectory()
        let sqlite = try StoreFixtures.sqlite(in: directory)
        _ = try await CSVImporter(store: sqlite, logger: StoreFixtures.logger).importFile(at: SharedData.walletCSV)
        try await Self.interruptedSync(sqlite)
        _ = try await sqlite.createAPIKey(
            name: "dashboard", prefix: "abcd1234", hash: Array(repeating: 7, count: 32),
            limits: APIKeyLimits(requestsPerSecond: 5, maxStreams: 2), at: 1_700_000_000)
        _ = try await sqlite.revokeAPIKey("dashboard", at: 1_700_000_100)
        let metadata = [
            TokenMetadata(mint: "MintA", symbol: "AAA", name: "A token", decimals: 6, fetchedAt: 1_750_000_000),
            TokenMetadata(mint: "MintB", fetchedAt: 1_750_000_000),
        ]
        try await sqlite.storeTokenMetadata(metadata)
        // Late trades journaled on SQLite, with a gap in the sequence (another wallet's entry).
        let realTrades = try await sqlite.page(wallet: F.realWallet, after: nil, limit: 3, order: .ascending).trades
        try await sqlite.journalLate(Array(realTrades.prefix(2)), wallet: F.realWallet)
        try await sqlite.journalLate([F.buy("MintZ", quantity: "1", sol: "1", slot: 5)], wallet: F.walletB)
        try await sqlite.journalLate([realTrades[2]], wallet: F.realWallet)
        let journal = try await sqlite.lateTrades(wallet: F.realWallet, after: 0, limit: 10)

        try await TestPostgres.withDatabase { location, client in
            let postgres = try await StoreFixtures.postgres(location, client: client)
            let copier = StoreCopier(source: sqlite, destination: postgres)
            let first = try await copier.run()
            #expect(first.wallets == 2 && first.tradesCopied == 6_483 + 4 && first.tradesAlreadyPresent == 0)
            #expect(first.signatures == 12 && first.solFlows == 4 && first.apiKeysCopied == 1)
            #expect(first.tokenMetadata == 2)
            // The journal keeps its sequences (marks in followers' ids stay meaningful), and new
            // entries continue after them.
            #expect(first.lateTrades == 3)
            #expect(try await postgres.lateTrades(wallet: F.realWallet, after: 0, limit: 10) == journal)
            #expect(try await postgres.lateMark(wallet: F.realWallet) == journal.last?.sequence)
            let next = F.buy("MintY", quantity: "1", sol: "1", slot: 6)
            try await postgres.journalLate([next], wallet: F.walletA)
            let appended = try await postgres.lateTrades(wallet: F.walletA, after: 0, limit: 10)
            #expect(appended.map(\.trade) == [next])
            #expect(appended.map(\.sequence).allSatisfy { $0 > (journal.last?.sequence ?? .max) })
            #expect(
                try await postgres.tokenMetadata(mints: ["MintA", "MintB"])
                    == ["MintA": metadata[0], "MintB": metadata[1]])

            #expect(try await postgres.wallets() == (try await sqlite.wallets()))
            for wallet in [F.realWallet, F.walletA] {
                #expect(try await postgres.summary(of: wallet) == (try await sqlite.summary(of: wallet)))
                for order in TokenOrder.allCases {
                    #expect(
                        try await postgres.tokens(of: wallet, order: order, after: nil, limit: 1000).tokens
                            == (try await sqlite.tokens(of: wallet, order: order, after: nil, limit: 1000).tokens))
                }
                let rows = try await postgres.streamPage(wallet: wallet, after: nil, limit: 10_000).rows
                let expected = try await sqlite.streamPage(wallet: wallet, after: nil, limit: 10_000).rows
                #expect(rows.map { Array($0.json) } == expected.map { Array($0.json) })
                #expect(try await postgres.syncState(wallet: wallet) == (try await sqlite.syncState(wallet: wallet)))
                #expect(try await postgres.skipCounts(wallet: wallet) == (try await sqlite.skipCounts(wallet: wallet)))
            }
            // The interrupted sync resumes on PostgreSQL where it stopped on SQLite.
            let pending = try await postgres.pendingSignatures(wallet: F.walletA, after: nil, limit: 100)
            #expect(pending == (try await sqlite.pendingSignatures(wallet: F.walletA, after: nil, limit: 100)))
            #expect(pending.count == 7)
            #expect(
                try await postgres.solFlow(wallet: F.walletA, signature: "SIG111")
                    == (try await sqlite.solFlow(wallet: F.walletA, signature: "SIG111")))
            #expect(try await postgres.apiKeys().map(\.prefix) == ["abcd1234"])
            let key = try #require(try await postgres.apiKey(prefix: "abcd1234"))
            let original = try #require(try await sqlite.apiKey(prefix: "abcd1234"))
            #expect(key.hash == original.hash && key.limits == original.limits && key.revokedAt == original.revokedAt)

            let second = try await copier.run()
            #expect(second.tradesCopied == 0 && second.tradesAlreadyPresent == 6_483 + 4 && second.apiKeysCopied == 0)
            #expect(try await postgres.lateTrades(wallet: F.realWallet, after: 0, limit: 10) == journal)
            #expect(try await postgres.wallets() == (try await sqlite.wallets()))
            #expect(try await postgres.syncState(wallet: F.walletA) == (try await sqlite.syncState(wallet: F.walletA)))
            #expect(try await postgres.skipCounts(wallet: F.walletA) == ["spam": 1, "failed": 1])
        }
    }
}
