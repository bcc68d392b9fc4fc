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

    /// The `walletstream` executable built next to this test bundle.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("walletstream").path
    }

    /// Runs `walletstream arguments…`; its exit status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    @Test("analyze --format json|ndjson of the real CSV equals a replay of its trades, figures and every token")
    func analyzeEqualsAReplayOfTheStoredTrades() async throws {
        let directory = TemporaryDirectory()
        let database = directory.file("cli.sqlite")
        let imported = try Self.run(["import", SharedData.walletCSV, "--db", database])
        #expect(imported.status == 0)

        let store = try SQLiteTradeStore(path: database)
        let replay = try await store.replayPnL(of: TradeFixtures.realWallet)
        let wallet = TradeFixtures.realWallet.rawValue

        let json = try Self.run(["analyze", wallet, "--format", "json", "--db", database])
        #expect(json.status == 0)
        let analysis = try JSONDecoder().decode(Analysis.self, from: json.output)
        #expect(analysis.summary == replay.summary())
        #expect(analysis.summary.uniqueTokens == 818)
        #expect(analysis.tokens.count == 818)
        #expect(analysis.tokens == replay.tokenSummaries())

        let ndjson = try Self.run(["analyze", wallet, "--format", "ndjson", "--tokens", "5", "--db", database])
        #expect(ndjson.status == 0)
        let lines = ndjson.output.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 6)
        let decoder = JSONDecoder()
        #expect(try decoder.decode(WalletSummary.self, from: Data(lines[0])) == replay.summary())
        let firstTokens = try lines.dropFirst().map { try decoder.decode(TokenSummary.self, from: Data($0)) }
        #expect(firstTokens == Array(replay.tokenSummaries().prefix(5)))
    }
}
