import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Synchronization
import WalletStreamCore
import WalletStreamIngest
import WalletStreamServer
import WalletStreamStore

/// `walletstream bench stream`: the real server (a child process) on loopback, measured from a
/// client in this process.
public struct StreamBenchmark: Sendable {
    public var executable: String
    public var directory: String
    public var sizes: [Int]
    public var latencySamples: Int
    public var slowReaderSeconds: Int
    public var concurrency: [Int]
    /// The store the server reads: a PostgreSQL URL, or nil for a SQLite file in ``directory``.
    public var postgresURL: String?
    public var logger: Logger

    public init(
        executable: String, directory: String, sizes: [Int], latencySamples: Int, slowReaderSeconds: Int,
        concurrency: [Int], postgresURL: String? = nil, logger: Logger
    ) {
        self.executable = executable
        self.postgresURL = postgresURL
        self.directory = directory
        self.sizes = sizes
        self.latencySamples = latencySamples
        self.slowReaderSeconds = slowReaderSeconds
        self.concurrency = concurrency
        self.logger = logger
    }

    public func run(report: @Sendable (String) -> Void) async throws {
        let database = postgresURL ?? directory + "/bench-stream.sqlite"
        var wallets: [(size: Int, wallet: WalletAddress)] = []
        for (index, size) in sizes.enumerated() {
            let seed = UInt64(1000 + index)
            wallets.append((size, DemoTradeGenerator.wallet(seed: seed)))
        }
        try await seed(wallets, database: database, report: report)
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 2000)
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await measure(wallets: wallets, database: database, client: client, report: report)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Stores the demo wallets the database does not hold yet, with `walletstream demo` (either
    /// backend); the seeded database is kept for reruns.
    func seed(
        _ wallets: [(size: Int, wallet: WalletAddress)], database: String, report: @Sendable (String) -> Void
    ) async throws {
        let listing = try ChildProcess.run(executable, ["wallets", "--db", database], mayFail: true)
        for (index, (size, wallet)) in wallets.enumerated() {
            let stored = listing.split(separator: "\n").first { $0.hasPrefix(wallet.rawValue + " ") }
            let count = stored.flatMap { line in
                line.split(separator: " ").dropFirst().first.flatMap { Int($0.replacingOccurrences(of: ",", with: "")) }
            }
            guard (count ?? 0) < size else { continue }
            report("seeding \(size.grouped)-trade wallet …")
            _ = try ChildProcess.run(
                executable, ["demo", "--db", database, "--seed", "\(1000 + index)", "--trades", "\(size)"])
        }
    }

    func measure(
        wallets: [(size: Int, wallet: WalletAddress)], database: String, client: HTTPClient,
        report: @Sendable (String) -> Void
    ) async throws {
        let probe = StreamProbe(client: client)
        let server = try ChildServer(
            executable: executable, arguments: Self.serve(database))
        defer { server.stop() }
        let base = server.baseURL
        report("server pid \(server.pid) at \(base), idle RSS \(BenchFormat.megabytes(server.residentBytes))")

        report("\n## One stream per wallet size (batch_size 100)")
        report("| trades | first `trades` p50 | p99 | full stream | trades/s | server RSS growth |")
        report("|---:|---:|---:|---:|---:|---:|")
        for (size, wallet) in wallets {
            let url = "\(base)/v4/wallet/\(wallet)/stream?batch_size=100"
            var firsts: [Duration] = []
            let samples = size >= 1_000_000 ? max(10, latencySamples / 10) : latencySamples
            for _ in 0..<samples {
                if let first = try await probe.measure(url, stopAtFirstTrades: true).firstTrades {
                    firsts.append(first)
                }
            }
            firsts.sort()
            let before = server.residentBytes
            server.resetPeak()
            let full = try await probe.measure(url)
            let growth = server.peakBytes - before
            report(
                "| \((size).grouped) | \(BenchFormat.milliseconds(Self.percentile(firsts, 0.5))) | "
                    + "\(BenchFormat.milliseconds(Self.percentile(firsts, 0.99))) | "
                    + "\(BenchFormat.milliseconds(full.total)) | \(BenchFormat.rate(size, full.total)) | "
                    + "\(BenchFormat.megabytes(growth)) |")
        }

        guard let largest = wallets.last else { return }
        report("\n## RSS growth streaming the \((largest.size).grouped)-trade wallet by batch_size")
        report("| batch_size | time | trades/s | server RSS growth |")
        report("|---:|---:|---:|---:|")
        for batch in [1, 10, 100, 1000] {
            let before = server.residentBytes
            server.resetPeak()
            let full = try await probe.measure("\(base)/v4/wallet/\(largest.wallet)/stream?batch_size=\(batch)")
            report(
                "| \(batch) | \(BenchFormat.milliseconds(full.total)) | \(BenchFormat.rate(largest.size, full.total)) | "
                    + "\(BenchFormat.megabytes(server.peakBytes - before)) |")
        }

        // The ceiling: the same bytes from a bare handler (no store, no encoding).
        let recorded = directory + "/bench-stream-bytes.sse"
        let url = "\(base)/v4/wallet/\(largest.wallet)/stream?batch_size=100"
        try await Self.record(url, to: recorded, client: client)
        // Two bare handlers: the plain one, whose task hops to the event loop for every write,
        // and one that runs on the event loop as the stream's writer does (about twice as fast
        // here). The ceiling is whichever is faster.
        let bareServers = try [false, true].map { onLoop in
            try ChildServer(
                executable: executable,
                arguments: [
                    "bench", "bare-server", "--file", recorded, "--port", "0", "--chunk-bytes",
                    "\(ServerConfiguration().writeChunkBytes)",
                ] + (onLoop ? ["--on-loop"] : []))
        }
        // Best of five each, alternated: one run of either moves by ±30% on this shared machine.
        let worst = StreamProbe.Timing(firstTrades: nil, total: .seconds(3600), bytes: 0)
        var bareTimings = [worst, worst]
        var realTiming = worst
        for _ in 0..<5 {
            for (index, bare) in bareServers.enumerated() {
                let bareRun = try await probe.measure("\(bare.baseURL)/bare")
                if bareRun.total < bareTimings[index].total { bareTimings[index] = bareRun }
            }
            let realRun = try await probe.measure(url)
            if realRun.total < realTiming.total { realTiming = realRun }
        }
        for bare in bareServers { bare.stop() }
        let ceiling = min(bareTimings[0].total, bareTimings[1].total)
        report(
            "\n## Ceiling: same bytes (\(BenchFormat.megabytes(realTiming.bytes))) from a bare streaming handler "
                + "(best of 5 each, alternated)")
        report("| server | time | trades/s | share of ceiling |")
        report("|---|---:|---:|---:|")
        for (name, timing) in [
            ("bare handler", bareTimings[0].total), ("bare handler on the event loop", bareTimings[1].total),
            ("WalletStream", realTiming.total),
        ] {
            report(
                "| \(name) | \(BenchFormat.milliseconds(timing)) | \(BenchFormat.rate(largest.size, timing)) | "
                    + String(format: "%.0f%%", ceiling.seconds / timing.seconds * 100) + " |")
        }

        // A reader throttled to 100 KB/s: the server must not buffer what the reader has not taken.
        report(
            "\n## Slow reader (100 KB/s) on the \((largest.size).grouped)-trade wallet for \(slowReaderSeconds) s"
        )
        let samples = Samples()
        let slow = try await withThrowingTaskGroup(of: StreamProbe.Timing?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    samples.values.withLock { $0.append(server.residentBytes) }
                    try? await Task.sleep(for: .seconds(1))
                }
                return nil
            }
            group.addTask {
                try await probe.measure(
                    url, bytesPerSecond: 100_000, until: ContinuousClock.now + .seconds(slowReaderSeconds))
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let timing = result { return timing }
            }
            throw BenchError("the slow reader did not finish")
        }
        let rss = samples.values.withLock { $0 }
        report(
            "read \(BenchFormat.megabytes(slow.bytes)) in \(String(format: "%.1f", slow.total.seconds)) s; server RSS "
                + "min \(BenchFormat.megabytes(rss.min() ?? 0)) · max \(BenchFormat.megabytes(rss.max() ?? 0)) "
                + "over \(rss.count) samples")

        // Many concurrent streams of the smallest wallet.
        if let smallest = wallets.first {
            report("\n## Concurrent streams of the \((smallest.size).grouped)-trade wallet")
            report("| streams | wall time | aggregate trades/s | p99 first `trades` | server peak RSS |")
            report("|---:|---:|---:|---:|---:|")
            let streamURL = "\(base)/v4/wallet/\(smallest.wallet)/stream?batch_size=100"
            for count in concurrency {
                server.resetPeak()
                let start = ContinuousClock.now
                let firsts = try await withThrowingTaskGroup(of: Duration?.self) { group in
                    for _ in 0..<count { group.addTask { try await probe.measure(streamURL).firstTrades } }
                    var firsts: [Duration] = []
                    for try await first in group { if let first { firsts.append(first) } }
                    return firsts.sorted()
                }
                let wall = ContinuousClock.now - start
                report(
                    "| \(count) | \(BenchFormat.milliseconds(wall)) | \(BenchFormat.rate(count * smallest.size, wall)) | "
                        + "\(BenchFormat.milliseconds(Self.percentile(firsts, 0.99))) | \(BenchFormat.megabytes(server.peakBytes)) |"
                )
            }

            if postgresURL != nil {
                try await measureTwoNodes(
                    size: smallest.size, wallet: smallest.wallet, database: database, nodeA: server, probe: probe,
                    report: report)
            }

            // Open streams whose readers stopped after the first event: what each costs the server.
            // A fresh server, warmed by one stream, so that memory freed by the phases above
            // does not hide what the stalled streams hold.
            if let most = concurrency.max() {
                let fresh = try ChildServer(
                    executable: executable, arguments: Self.serve(database))
                defer { fresh.stop() }
                let url = "\(fresh.baseURL)/v4/wallet/\(largest.wallet)/stream?batch_size=100"
                _ = try await probe.measure("\(fresh.baseURL)/v4/wallet/\(smallest.wallet)/stream?batch_size=100")
                let before = fresh.residentBytes
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<most {
                        group.addTask { _ = try? await probe.measure(url, stallAfterFirstChunk: .seconds(8)) }
                    }
                    try await Task.sleep(for: .seconds(4))
                    let during = fresh.residentBytes
                    report(
                        "\n\(most) open streams (readers stalled, fresh server): server RSS "
                            + "\(BenchFormat.megabytes(before)) → \(BenchFormat.megabytes(during)), "
                            + "\(((during - before) / most / 1024).grouped) KB per stream"
                    )
                    group.cancelAll()
                }
            }
        }

        try await measureIdleStreams(count: 10_000, report: report)
        try await measureAbortedRounds(
            wallet: largest.wallet, database: database, probe: probe, streams: 500, rounds: 4, report: report)
        try await measureAuthCost(
            wallets: wallets, database: database, probe: probe, client: client, report: report)

        // One-shot JSON versus the stream: when does the client hold its first and last trade?
        report("\n## POST /v4/analyze (include_trades) versus the stream")
        report("| trades | analyze: first = last trade | stream: first trade | stream: last trade |")
        report("|---:|---:|---:|---:|")
        for (size, wallet) in wallets {
            let oneShot = try await probe.measure(
                "\(base)/v4/analyze", body: "{\"wallet\":\"\(wallet)\",\"include_trades\":true}")
            let stream = try await probe.measure("\(base)/v4/wallet/\(wallet)/stream?batch_size=100")
            report(
                "| \((size).grouped) | \(BenchFormat.milliseconds(oneShot.total)) | "
                    + "\(BenchFormat.milliseconds(stream.firstTrades ?? .zero)) | \(BenchFormat.milliseconds(stream.total)) |"
            )
        }
    }

    static func percentile(_ sorted: [Duration], _ p: Double) -> Duration {
        guard !sorted.isEmpty else { return .zero }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]
    }

    static func record(_ url: String, to path: String, client: HTTPClient) async throws {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(600))
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write \(path)") }
        defer { try? handle.close() }
        for try await chunk in response.body { try handle.write(contentsOf: Data(buffer: chunk)) }
    }
}

/// Readings shared between a sampling task and the one that reports them.
final class Samples: Sendable {
    let values = Mutex<[Int]>([])
}
