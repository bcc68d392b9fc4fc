import AsyncHTTPClient
import Foundation
import WalletStreamCore
import WalletStreamServer
import WalletStreamStore

extension StreamBenchmark {
    /// What API keys and per-client limits cost: the same stream and the same short requests
    /// against two fresh servers, one with `--auth required` (a key on every request, its limits
    /// counted) and one with auth off, alternated, best of five each.
    func measureAuthCost(
        wallets: [(size: Int, wallet: WalletAddress)], database: String, probe: StreamProbe, client: HTTPClient,
        report: @Sendable (String) -> Void
    ) async throws {
        guard let largest = wallets.last, let smallest = wallets.first else { return }
        // Made by the command, so that either backend works.
        let made = try ChildProcess.run(
            executable,
            [
                "keys", "create", "--name", "bench-\(UInt32.random(in: 0...UInt32.max))", "--rps", "1000000",
                "--streams", "1000", "--db", database,
            ]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        let authed = try ChildServer(
            executable: executable,
            arguments: Self.serve(database) + ["--auth", "required"])
        defer { authed.stop() }
        let openServer = try ChildServer(executable: executable, arguments: Self.serve(database))
        defer { openServer.stop() }
        let open = openServer.baseURL
        let key = [("Authorization", "Bearer \(made)")]

        report("\n## Auth and limits: cost against auth off (best of 5, alternated)")
        report("| what | auth off | auth required (key + limits) | cost |")
        report("|---|---:|---:|---:|")
        let stream = "/v4/wallet/\(largest.wallet)/stream?batch_size=100"
        var streamOff: Duration = .seconds(3600)
        var streamOn: Duration = .seconds(3600)
        for _ in 0..<5 {
            streamOff = min(streamOff, try await probe.measure(open + stream).total)
            streamOn = min(streamOn, try await probe.measure(authed.baseURL + stream, headers: key).total)
        }
        report(
            "| one stream of \(largest.size.grouped) trades, trades/s | \(BenchFormat.rate(largest.size, streamOff)) | "
                + "\(BenchFormat.rate(largest.size, streamOn)) | \(Self.cost(streamOff, streamOn)) |")

        let summary = "/v4/wallet/\(smallest.wallet)/summary"
        let requests = 2_000
        let concurrency = 8
        var summaryOff: Duration = .seconds(3600)
        var summaryOn: Duration = .seconds(3600)
        for _ in 0..<5 {
            summaryOff = min(
                summaryOff,
                try await Self.requests(open + summary, count: requests, concurrency: concurrency, client: client))
            summaryOn = min(
                summaryOn,
                try await Self.requests(
                    authed.baseURL + summary, headers: key, count: requests, concurrency: concurrency, client: client))
        }
        report(
            "| \(requests.grouped) `/summary` requests, \(concurrency) at a time, requests/s | "
                + "\(BenchFormat.rate(requests, summaryOff)) | \(BenchFormat.rate(requests, summaryOn)) | "
                + "\(Self.cost(summaryOff, summaryOn)) |")
    }

    /// `walletstream serve` on `database` with per-client limits far above what one benchmark
    /// client does (it is one address opening a thousand streams).
    static func serve(_ database: String) -> [String] {
        [
            "serve", "--db", database, "--port", "0", "--heartbeat", "15", "--rate-limit", "1000000",
            "--max-client-streams", "100000",
        ]
    }

    /// `serve` (see ``serve(_:)``) on a new SQLite file at `database`, room for `connections`
    /// connections, syncing on demand from the simulator `upstream` (api key `bench-key`).
    static func syncingServer(
        executable: String, database: String, upstream: ChildServer, connections: Int, arguments: [String] = []
    ) throws -> ChildServer {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        return try ChildServer(
            executable: executable,
            arguments: serve(database) + [
                "--max-connections", "\(connections)", "--rpc-url", upstream.baseURL + "/", "--api-url",
                upstream.baseURL,
            ] + arguments,
            environment: ["HELIUS_API_KEY": "bench-key"])
    }

    /// The extra time with auth, as a share of the time without.
    static func cost(_ off: Duration, _ on: Duration) -> String {
        String(format: "%+.1f%%", (on.seconds / off.seconds - 1) * 100)
    }

    /// Wall time of `count` GETs of `url`, `concurrency` at a time, each read to its end.
    static func requests(
        _ url: String, headers: [(String, String)] = [], count: Int, concurrency: Int, client: HTTPClient
    ) async throws -> Duration {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    for _ in stride(from: worker, to: count, by: concurrency) {
                        var request = HTTPClientRequest(url: url)
                        for (name, value) in headers { request.headers.add(name: name, value: value) }
                        let response = try await client.execute(request, timeout: .seconds(60))
                        guard response.status == .ok else { throw BenchError("\(url) answered \(response.status)") }
                        _ = try await response.body.collect(upTo: 1 << 20)
                    }
                }
            }
            try await group.waitForAll()
        }
        return ContinuousClock.now - start
    }
}
