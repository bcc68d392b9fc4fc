import Foundation
import Testing
import WalletStreamBenchmarks
import WalletStreamClient
import WalletStreamCore
import WalletStreamIngest
import WalletStreamTestSupport

/// Two real `walletstream serve` processes on one PostgreSQL database: a stream cut on one node,
/// even one that is killed, resumes on the other with no gap and no repeat.
@Suite(.timeLimit(.minutes(2))) struct TwoNodeProcessTests {
    @Test func aStreamFromAKilledNodeResumesOnTheOther() async throws {
        try await TestPostgres.withDatabase { location, _ in
            let url = TestPostgres.url(location)
            let seeded = try WalletStreamProcess.run(["demo", "--trades", "3000", "--seed", "77", "--db", url])
            #expect(seeded.status == 0, "\(seeded.error)")
            let wallet = DemoTradeGenerator.wallet(seed: 77).rawValue
            let serve = ["serve", "--db", url, "--port", "0", "--rate-limit", "100000"]
            let nodeA = try ChildServer(executable: WalletStreamProcess.executable, arguments: serve)
            let nodeB = try ChildServer(executable: WalletStreamProcess.executable, arguments: serve)
            defer { nodeB.stop() }

            var full: [Trade] = []
            var cursors: [String] = []
            let first = try await WalletStreamClient(baseURL: nodeA.baseURL).stream(wallet: wallet, batchSize: 100) {
                update in
                if case .trades(let trades, let cursor) = update {
                    full += trades
                    cursors.append(cursor)
                }
            }
            #expect(full.count == 3000 && cursors.count == 30)
            nodeA.kill()

            for cut in [1, 7, 29] {
                var rest: [Trade] = []
                let resumed = try await WalletStreamClient(baseURL: nodeB.baseURL).stream(
                    wallet: wallet, batchSize: 100, resumeFrom: cursors[cut - 1]
                ) { update in
                    if case .trades(let trades, _) = update { rest += trades }
                }
                #expect(Array(full.prefix(cut * 100)) + rest == full, "cut after batch \(cut)")
                #expect(resumed.summary == first.summary)
                #expect(resumed.summary?.trades == 3000)
            }
        }
    }
}
