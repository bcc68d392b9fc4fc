import Foundation
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamTestSupport

@Suite(.timeLimit(.minutes(2))) struct CSVImporterTests {
    static let wallet = "3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2"
    static let lub = "2GaUUmQFCHSMLRMySzjvdqwLCcGVdUpcsQDanpjwmoon"
    static let header =
        "wallet,block,tx_hash,tx_index,tx_type,timestamp,dex,token0_address,token0_amount,token0_amount_usd,"
        + "token0_symbol,token1_address,token1_amount,token1_amount_usd,token1_symbol"

    /// A swap row in the order of ``header``; `sell` gives the token for SOL, otherwise SOL for it.
    static func swapRow(slot: Int, sell: Bool, amount: String = "1.5", symbol: String = "\"1,821,550\"") -> String {
        let signature = "5g5rkbqii8rkHfgC8CWLDB2bBzKeoXcqmjyFbMvxUW9xXEEHnFc1QRqiG9eEcxdmLk6XgjVpJRnw\(slot)"
        let token = "\(lub),\(amount),10.5,\(symbol)"
        let sol = "native,0.07785,10.5,SOL"
        return "\(wallet),\(slot),\(signature),0,swap,2025-06-28T15:57:02Z,Photon,"
            + (sell ? "\(token),\(sol)" : "\(sol),\(token)")
    }

    static func write(_ lines: [String], in directory: TemporaryDirectory, crlf: Bool = false) throws -> String {
        let path = directory.file("import.csv")
        try (lines.joined(separator: crlf ? "\r\n" : "\n") + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Counts of stored trades per side, read back page by page.
    static func sides(_ store: some TradeStore, wallet: WalletAddress) async throws -> [TradeSide: Int] {
        var sides: [TradeSide: Int] = [:]
        var cursor: TradeCursor?
        repeat {
            let page = try await store.page(wallet: wallet, after: cursor, limit: 1_000, order: .ascending)
            for trade in page.trades { sides[trade.side, default: 0] += 1 }
            cursor = page.nextCursor
        } while cursor != nil
        return sides
    }

    @Test func importsTheRealWalletExport() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let importer = CSVImporter(store: store, logger: StoreFixtures.logger)
        let lastProgress = Mutex<ImportProgress?>(nil)
        let report = try await importer.importFile(at: SharedData.walletCSV, options: ImportOptions()) { progress in
            lastProgress.withLock { $0 = progress }
        }

        #expect(report.rowsRead == 7_526)
        #expect(report.tradesStored == 6_483)
        #expect(report.alreadyPresent == 0)
        #expect(
            report.skippedByType == ["transfer": 969, "lp": 68, "contract_interaction": 5, "close_token_account": 1])
        #expect(report.invalidCount == 0 && report.invalidLines.isEmpty)
        #expect(report.wallets == [TradeFixtures.realWallet])
        #expect(
            report.summaryLine.hasPrefix(
                "imported 6,483 trades (0 already present), skipped 1,043 rows "
                    + "(transfer 969, lp 68, contract_interaction 5, close_token_account 1), 0 invalid, in "))

        let progress = try #require(lastProgress.withLock { $0 })
        #expect(progress.bytesRead == progress.totalBytes && progress.totalBytes > 3_000_000)

        #expect(try await store.count(wallet: TradeFixtures.realWallet) == 6_483)
        // A USD value read from the file says so; a row without one has neither.
        var sources: [USDSource?: Int] = [:]
        try await store.forEachTrade(of: TradeFixtures.realWallet) { trade in
            #expect((trade.usdValue == nil) == (trade.usdSource == nil))
            sources[trade.usdSource, default: 0] += 1
        }
        #expect(sources[.csv, default: 0] > 6_000 && sources[.priceHistory] == nil && sources[.generated] == nil)
        let sides = try await Self.sides(store, wallet: TradeFixtures.realWallet)
        #expect(sides == [.buy: 3_489, .sell: 2_971, .swap: 23])

        // The P&L state kept at write time gives exactly what a replay of the trades gives (what
        // `analyze` computed before the state existed), figures and every token.
        let replay = try await store.replayPnL(of: TradeFixtures.realWallet)
        let summary = try await store.summary(of: TradeFixtures.realWallet)
        #expect(summary == replay.summary())
        #expect(summary.uniqueTokens == 818)
        #expect(summary.realizedPnLSOL.rounded(toDecimals: 6) == Amount("1898.997775"))
        #expect(summary.winRatePct == Amount("25.62"))
        var tokens: [TokenSummary] = []
        try await store.forEachToken(of: TradeFixtures.realWallet, pageSize: 100) { tokens.append($0) }
        #expect(tokens == replay.tokenSummaries())

        // Importing again stores nothing new and leaves the state as it was.
        let again = try await importer.importFile(at: SharedData.walletCSV, options: ImportOptions(), progress: nil)
        #expect(again.tradesStored == 0)
        #expect(again.alreadyPresent == 6_483)
        #expect(try await store.count(wallet: TradeFixtures.realWallet) == 6_483)
        #expect(try await store.summary(of: TradeFixtures.realWallet) == summary)
    }

    @Test func symbolsWithCommasAndNonASCIISurviveTheRoundTrip() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let path = try Self.write(
            [Self.header, Self.swapRow(slot: 1, sell: false), Self.swapRow(slot: 2, sell: true, symbol: "❗❗❗≡")],
            in: directory, crlf: true)
        // Tiny chunks put chunk boundaries inside quoted fields and multi-byte characters.
        let report = try await CSVImporter(store: store, logger: StoreFixtures.logger)
            .importFile(at: path, options: ImportOptions(chunkSize: 3), progress: nil)
        #expect(report.tradesStored == 2)
        let wallet = try WalletAddress(validating: Self.wallet)
        let page = try await store.page(wallet: wallet, after: nil, limit: 10, order: .ascending)
        #expect(page.trades.map(\.side) == [.buy, .sell])
        #expect(page.trades.map(\.tokenLeg.symbol) == ["1,821,550", "❗❗❗≡"])
        #expect(page.trades.first?.sold == .sol(TradeFixtures.amount("0.07785")))
    }

    @Test func aMalformedRowStoresNothingAndNamesLineAndColumn() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let path = try Self.write(
            [
                Self.header, Self.swapRow(slot: 1, sell: false), Self.swapRow(slot: 2, sell: true),
                Self.swapRow(slot: 3, sell: true, amount: "1.2.3"), Self.swapRow(slot: 4, sell: false),
            ], in: directory)
        let importer = CSVImporter(store: store, logger: StoreFixtures.logger)
        await #expect {
            _ = try await importer.importFile(at: path, options: ImportOptions(), progress: nil)
        } throws: { error in
            guard let error = error as? WalletStreamError else { return false }
            return error.code == .invalidInput
                && error.message == "line 4, column token0_amount: '1.2.3' is not a decimal amount"
        }
        let wallet = try WalletAddress(validating: Self.wallet)
        #expect(try await store.count(wallet: wallet) == 0)

        // With skipInvalid the good rows are stored and the bad line is listed.
        let report = try await importer.importFile(at: path, options: ImportOptions(skipInvalid: true), progress: nil)
        #expect(report.tradesStored == 3)
        #expect(report.invalidCount == 1)
        #expect(report.invalidLines.map(\.line) == [4])
        #expect(report.invalidLines.first?.message.contains("column token0_amount") == true)
        #expect(report.summaryLine.contains(", 1 invalid, "))
        #expect(try await store.count(wallet: wallet) == 3)
    }

    @Test func aMissingColumnIsRejectedBeforeAnyRow() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let header = Self.header.replacingOccurrences(of: ",tx_hash,", with: ",hash,")
        let path = try Self.write([header, Self.swapRow(slot: 1, sell: false)], in: directory)
        await #expect {
            _ = try await CSVImporter(store: store, logger: StoreFixtures.logger)
                .importFile(at: path, options: ImportOptions(skipInvalid: true), progress: nil)
        } throws: { error in
            guard let error = error as? WalletStreamError else { return false }
            return error.code == .invalidInput && error.message.contains("'tx_hash'")
        }
        #expect(try await store.count(wallet: WalletAddress(validating: Self.wallet)) == 0)
    }

    @Test func unreadableFilesNameThePathAndTheReason() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let importer = CSVImporter(store: store, logger: StoreFixtures.logger)
        let missing = directory.file("nope.csv")
        for (path, reason) in [(missing, "No such file"), (directory.path, "not a regular file")] {
            await #expect {
                _ = try await importer.importFile(at: path, options: ImportOptions(), progress: nil)
            } throws: { error in
                guard let error = error as? WalletStreamError else { return false }
                return error.code == .fileUnreadable && error.message.contains(path) && error.message.contains(reason)
            }
        }
        let empty = try Self.write([], in: directory)
        await #expect(throws: WalletStreamError.self) {
            _ = try await importer.importFile(at: empty, options: ImportOptions(), progress: nil)
        }
    }
}
