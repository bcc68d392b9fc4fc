import AsyncHTTPClient
import Foundation
import WalletStreamCore

extension StreamBenchmark {
    /// Rounds of streams that read one chunk and are dropped: the server's RSS after each round,
    /// once it had a few seconds to settle. It should come back to a plateau, not climb.
    func measureAbortedRounds(
        wallet: WalletAddress, database: String, probe: StreamProbe, streams: Int, rounds: Int,
        report: @Sendable (String) -> Void
    ) async throws {
        let fresh = try ChildServer(
            executable: executable,
            arguments: Self.serve(database))
        defer { fresh.stop() }
        let url = "\(fresh.baseURL)/v4/wallet/\(wallet)/stream?batch_size=100"
        report("\n## Rounds of \(streams.grouped) aborted streams (fresh server)")
        report("| round | server RSS with the streams open | after they were dropped and 6 s passed |")
        report("|---:|---:|---:|")
        report("| start | | \(BenchFormat.megabytes(fresh.residentBytes)) |")
        for round in 1...rounds {
            var open = 0
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<streams {
                    group.addTask { _ = try? await probe.measure(url, stallAfterFirstChunk: .seconds(30)) }
                }
                try await Task.sleep(for: .seconds(3))
                open = fresh.residentBytes
                group.cancelAll()
            }
            try await Task.sleep(for: .seconds(6))
            report(
                "| \(round) | \(BenchFormat.megabytes(open)) | \(BenchFormat.megabytes(fresh.residentBytes)) |")
        }
    }
}
