import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import WalletStreamCore
import WalletStreamIngest
import WalletStreamSimulator

/// `walletstream simulate-upstream`: a local Solana JSON-RPC + Helius simulator with
/// deterministic generated wallets and optional faults.
struct SimulateUpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-upstream",
        abstract:
            "Serve a simulated Solana JSON-RPC + Helius enhanced-transactions API on loopback (SIGINT/SIGTERM stop it)."
    )

    @Option(help: "Port to bind (0 picks a free one).") var port = 8899
    @Option(help: "Trades in every generated wallet.") var walletTrades = 1_000
    @Option(help: "Seed of the generated data and of random faults.") var seed: UInt64 = 42
    @Option(help: "Delay added to every request, in milliseconds.") var latencyMs = 0
    @Option(help: "Requests per second allowed per API (excess: 429, Retry-After: 1).") var rateLimit: Double?
    @Option(help: "Probability of a random fault (429/500/502/503) per request.") var failRate: Double = 0
    @Option(help: "The Helius api-key to accept.") var apiKey = "simulator-key"
    @Option(
        help: ArgumentHelp(
            "A Helius enhanced-transactions JSON file to serve for the real sample wallet.",
            discussion: "For example ../shared/data/helius/enhanced-transactions-3JoVBiQE.json."))
    var sampleTransactions: String?
    @Option(
        help: ArgumentHelp(
            "The sample wallet's exported trades: getAssetBatch answers their mints with the real symbols.",
            discussion: "For example ../shared/data/wallets/3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2.csv."))
    var sampleTrades: String?
    @Option(help: "Share of generated mints getAssetBatch does not know (answered null).")
    var unknownAssetShare: Double = 0.1

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard walletTrades >= 0 else { throw ValidationError("--wallet-trades must be ≥ 0") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must be ≥ 0") }
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate must be in 0…1") }
        if let rateLimit, rateLimit <= 0 { throw ValidationError("--rate-limit must be positive") }
        for (option, path) in [("--sample-transactions", sampleTransactions), ("--sample-trades", sampleTrades)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) {
                throw ValidationError("\(option): cannot read '\(path)'")
            }
        }
        guard (0...1).contains(unknownAssetShare) else { throw ValidationError("--unknown-asset-share must be in 0…1") }
    }

    func run() async throws {
        var logger = Logger(label: "walletstream.upstream-simulator")
        logger.logLevel = .warning
        let configuration = UpstreamSimulatorConfiguration(
            port: port, walletTrades: walletTrades, seed: seed, latency: .milliseconds(latencyMs),
            rateLimit: rateLimit, failRate: failRate, apiKey: apiKey,
            sampleTransactionsPath: sampleTransactions, sampleTradesCSVPath: sampleTrades,
            unknownAssetShare: unknownAssetShare)
        let demoWallet = DemoTradeGenerator.wallet(seed: seed).rawValue
        let apiKey = apiKey
        let simulator = UpstreamSimulator(configuration: configuration, logger: logger) { base in
            let lines = [
                "listening on \(base) ",
                "  --rpc-url \(base)/",
                "  --api-url \(base)   (POST \(base)/v0/transactions?api-key=\(apiKey))",
                "  --price-url \(base)   (GET \(base)/history, SOL/USD minute candles)",
                "wallets: \(demoWallet) or any address (\(configuration.walletTrades) generated trades, seed \(configuration.seed))",
            ]
            let sample =
                configuration.sampleTransactionsPath == nil
                ? "generated like any other (pass --sample-transactions for the real sample)"
                : "the real sample transactions"
            // Unbuffered: scripts and benchmarks wait for the first line on a pipe.
            printUnbuffered((lines + ["         \(UpstreamSimulator.realWallet): \(sample)"]).joined(separator: "\n"))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: [simulator], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
                logger: logger))
        try await group.run()
    }
}
