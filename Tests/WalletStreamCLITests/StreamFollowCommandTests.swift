import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import WalletStreamBenchmarks
import WalletStreamCore
import WalletStreamSimulator
import WalletStreamTestSupport

/// `walletstream stream ADDRESS --follow` against a real `serve` process: the history, then a
/// trade posted to the server's webhook, as lines of JSON on standard output; a late trade is
/// marked as a correction.
@Suite(.timeLimit(.minutes(2))) struct StreamFollowCommandTests {
    static let secret = "cli-follow-secret"

    static func post(_ body: [UInt8], to base: String) async throws -> UInt {
        var request = HTTPClientRequest(url: base + "/v4/webhooks/helius")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: secret)
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status.code
    }

    @Test func followPrintsTheHistoryThenLiveTradesAndCorrections() async throws {
        let directory = TemporaryDirectory()
        let database = directory.file("follow.sqlite")
        let imported = try WalletStreamProcess.run(["import", SharedData.walletCSV, "--db", database])
        #expect(imported.status == 0, "\(imported.error)")
        let server = try ChildServer(
            executable: WalletStreamProcess.executable,
            arguments: ["serve", "--db", database, "--port", "0", "--webhook-secret", Self.secret])
        defer { server.stop() }

        let output = directory.file("stream.ndjson")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let stream = Process()
        stream.executableURL = URL(fileURLWithPath: WalletStreamProcess.executable)
        stream.arguments = [
            "stream", TradeFixtures.realWallet.rawValue, "--url", server.baseURL, "--follow", "--batch-size", "1000",
        ]
        stream.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        stream.standardError = FileHandle.nullDevice
        try stream.run()
        defer { if stream.isRunning { stream.terminate() } }

        func lines() -> [Substring] {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            // Complete lines only: the command may be halfway through writing the last one.
            let complete = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            return Array(complete)
        }
        #expect(try await Eventually.wait(within: .seconds(60), every: .milliseconds(50)) { lines().count == 6_483 })

        let live = "5" + String(repeating: "F", count: 86)
        #expect(
            try await Self.post(
                SampleDelivery.swaps([.init(signature: live)], from: SharedData.realWalletTransactions),
                to: server.baseURL) == 200)
        #expect(try await Eventually.wait(within: .seconds(30), every: .milliseconds(50)) { lines().count == 6_484 })
        let late = "4" + String(repeating: "G", count: 86)
        #expect(
            try await Self.post(
                SampleDelivery.swaps(
                    [.init(signature: late, slot: 349_000_000, timestamp: 1_750_800_000)],
                    from: SharedData.realWalletTransactions), to: server.baseURL) == 200)
        #expect(try await Eventually.wait(within: .seconds(30), every: .milliseconds(50)) { lines().count == 6_485 })

        let all = lines()
        let liveTrade = try JSONDecoder().decode(Trade.self, from: Data(all[6_483].utf8))
        #expect(liveTrade.signature == live)
        #expect(!all[6_483].contains("\"correction\""))
        let lateTrade = try JSONDecoder().decode(Trade.self, from: Data(all[6_484].utf8))
        #expect(lateTrade.signature == late)
        #expect(all[6_484].hasSuffix(",\"correction\":true}"))
        #expect(stream.isRunning, "a following stream keeps running")
    }
}
