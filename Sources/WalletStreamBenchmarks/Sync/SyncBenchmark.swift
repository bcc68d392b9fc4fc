import AsyncHTTPClient
import Foundation
import Logging
import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamUpstream

/// `walletstream bench sync`: cold syncs from the upstream simulator (a child process) at a
/// given latency and request rate, against the lower bound that rate allows.
public struct SyncBenchmark: Sendable {
    public var executable: String
    public var directory: String
    public var sizes: [Int]
    public var latencyMs: Int
    public var requestsPerSecond: Double
    public var concurrency: Int
    public var logger: Logger

    public init(
        executable: String, directory: String, sizes: [Int], latencyMs: Int, requestsPerSecond: Double,
        concurrency: Int, logger: Logger
    ) {
        self.executable = executable
        self.directory = directory
        self.sizes = sizes
        self.latencyMs = latencyMs
        self.requestsPerSecond = requestsPerSecond
        self.concurrency = concurrency
        self.logger = logger
    }

    static let apiKey = "bench-key"

    public func run(report: @Sendable (String) -> Void) async throws {
        report(
            "| wallet trades | transactions | requests | lower bound | sync time | ratio | retries | "
                + "first streamed trade | peak RSS (syncer) |")
        report("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            for size in sizes { try await measure(size: size, http: http, report: report) }
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private func measure(size: Int, http: HTTPClient, report: @Sendable (String) -> Void) async throws {
        let simulator = try ChildServer(
            executable: executable,
            arguments: [
                "simulate-upstream", "--port", "0", "--wallet-trades", "\(size)", "--latency-ms", "\(latencyMs)",
                "--rate-limit", "\(requestsPerSecond)", "--api-key", Self.apiKey,
            ])
        defer { simulator.stop() }
        let wallet = DemoTradeGenerator.wallet(seed: 42)
        let configuration = UpstreamConfiguration(
            rpcURL: simulator.baseURL + "/", apiURL: simulator.baseURL, apiKey: Self.apiKey,
            maxConcurrency: concurrency, requestsPerSecond: requestsPerSecond)

        // Cold sync in this process: time, requests, memory.
        let path = directory + "/bench-sync-\(size)-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteTradeStore(path: path, logger: logger)
        let client = UpstreamClient(http: http, configuration: configuration, logger: logger)
        ProcessMemory.resetPeak()
        let syncReport = try await WalletSyncer(store: store, client: client, logger: logger).sync(wallet)
        let peak = ProcessMemory.peak()
        let transactions = syncReport.signaturesListed
        // The requests a fault-free sync needs (signature pages, plus one batch per 100
        // transactions that did not fail on chain), spaced 1/rate apart from t = 0.
        let needed = syncReport.requests - syncReport.retries.values.reduce(0, +)
        let bound = Double(max(needed - 1, 0)) / requestsPerSecond

        // Time to the first streamed trade: a server with an empty store syncs on demand.
        let servePath = directory + "/bench-serve-\(size)-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: servePath + suffix) }
        }
        let server = try ChildServer(
            executable: executable,
            arguments: [
                "serve", "--db", servePath, "--port", "0", "--rpc-url", simulator.baseURL + "/", "--api-url",
                simulator.baseURL, "--rps", "\(requestsPerSecond)", "--concurrency", "\(concurrency)",
            ],
            environment: ["HELIUS_API_KEY": Self.apiKey])
        defer { server.stop() }
        let probe = StreamProbe(client: http)
        let stream = try await probe.measure("\(server.baseURL)/v4/wallet/\(wallet)/stream?batch_size=100")

        report(
            "| \((size).grouped) | \((transactions).grouped) | \(syncReport.requests) | "
                + String(format: "%.1f s", bound) + " | " + String(format: "%.1f s", syncReport.elapsed.seconds)
                + " | " + String(format: "%.2f", syncReport.elapsed.seconds / bound) + " | "
                + "\(syncReport.retries.values.reduce(0, +)) | "
                + String(format: "%.1f s", (stream.firstTrades ?? .zero).seconds)
                + " | \(BenchFormat.megabytes(peak)) |")
    }
}
