import WalletStreamCore

extension StreamBenchmark {
    /// PostgreSQL only: the same concurrent streams spread over two nodes on one database
    /// (`nodeA` and a second server started here), alternating between them as a round-robin
    /// load balancer would.
    func measureTwoNodes(
        size: Int, wallet: WalletAddress, database: String, nodeA: ChildServer, probe: StreamProbe,
        report: @Sendable (String) -> Void
    ) async throws {
        let nodeB = try ChildServer(executable: executable, arguments: Self.serve(database))
        defer { nodeB.stop() }
        let nodes = [nodeA, nodeB]
        report("\n## Concurrent streams of the \(size.grouped)-trade wallet over two nodes (one PostgreSQL)")
        report("| streams | wall time | aggregate trades/s | p99 first `trades` | peak RSS node A · node B |")
        report("|---:|---:|---:|---:|---:|")
        for count in concurrency {
            for node in nodes { node.resetPeak() }
            let start = ContinuousClock.now
            let firsts = try await withThrowingTaskGroup(of: Duration?.self) { group in
                for index in 0..<count {
                    let url = "\(nodes[index % 2].baseURL)/v4/wallet/\(wallet)/stream?batch_size=100"
                    group.addTask { try await probe.measure(url).firstTrades }
                }
                var firsts: [Duration] = []
                for try await first in group { if let first { firsts.append(first) } }
                return firsts.sorted()
            }
            let wall = ContinuousClock.now - start
            report(
                "| \(count) | \(BenchFormat.milliseconds(wall)) | \(BenchFormat.rate(count * size, wall)) | "
                    + "\(BenchFormat.milliseconds(Self.percentile(firsts, 0.99))) | "
                    + "\(BenchFormat.megabytes(nodeA.peakBytes)) · \(BenchFormat.megabytes(nodeB.peakBytes)) |")
        }
    }
}
