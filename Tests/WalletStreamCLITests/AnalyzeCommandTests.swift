import Foundation
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamTestSupport

/// `walletstream analyze` on the real wallet export, run as a process: its figures read from the
/// P&L state the store keeps must be exactly those of a FIFO replay of the stored trades (what
/// `analyze` printed before the state existed), in every format.
@Suite(.timeLimit(.minutes(2))) struct AnalyzeCommandTests {
    struct Analysis: Decodable {
        var summary: WalletSummary
        var tokens: [TokenSummary]
    }

    @Test("analyze --format json|ndjson of the real CSV equals a replay of its trades, figures and every token")
    func analyzeEqualsAReplayOfTheStoredTrades() async throws {
        let directory = TemporaryDirectory()
        let database = directory.file("cli.sqlite")
        let imported = try WalletStreamProcess.run(["import", SharedData.walletCSV, "--db", database])
        #expect(imported.status == 0)

        let store = try SQLiteTradeStore(path: database)
        let replay = try await store.replayPnL(of: TradeFixtures.realWallet)
        let wallet = TradeFixtures.realWallet.rawValue

        let json = try WalletStreamProcess.run(["analyze", wallet, "--format", "json", "--db", database])
        #expect(json.status == 0)
        let analysis = try JSONDecoder().decode(Analysis.self, from: json.output)
        #expect(analysis.summary == replay.summary())
        #expect(analysis.summary.uniqueTokens == 818)
        #expect(analysis.tokens.count == 818)
        #expect(analysis.tokens == replay.tokenSummaries())

        let ndjson = try WalletStreamProcess.run([
            "analyze", wallet, "--format", "ndjson", "--tokens", "5", "--db", database,
        ])
        #expect(ndjson.status == 0)
        let lines = ndjson.output.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 6)
        let decoder = JSONDecoder()
        #expect(try decoder.decode(WalletSummary.self, from: Data(lines[0])) == replay.summary())
        let firstTokens = try lines.dropFirst().map { try decoder.decode(TokenSummary.self, from: Data($0)) }
        #expect(firstTokens == Array(replay.tokenSummaries().prefix(5)))
    }
}
