import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import WalletStreamUpstream

/// `--rpc-url`, `--api-url` and friends; the API key comes from `HELIUS_API_KEY` only, so it
/// never shows up in a process listing or shell history.
struct UpstreamOptions: ParsableArguments {
    @Option(help: "Solana JSON-RPC URL (default \(UpstreamConfiguration.defaultRPCURL)).") var rpcURL: String?
    @Option(help: "Helius API base URL (default \(UpstreamConfiguration.defaultAPIURL)).") var apiURL: String?
    @Option(help: "Upstream requests in flight at once.") var concurrency = 4
    @Option(help: "Upstream requests per second (Helius Developer plan: 10).") var rps: Double = 10
    @Option(help: "Attempts per upstream request before the sync stops.") var attempts = 6
    @Option(
        help: """
            SOL/USD history with the TradingView UDF interface (GET {url}/history), to value synced \
            trades in USD; the key, if any, comes from WALLETSTREAM_PRICE_API_KEY.
            """) var priceURL: String?
    @Option(help: "The price source's symbol for SOL/USD.") var priceSymbol = PriceSourceConfiguration.defaultSymbol

    var apiKey: String? { ProcessInfo.processInfo.environment["HELIUS_API_KEY"].flatMap { $0.isEmpty ? nil : $0 } }
    var priceAPIKey: String? {
        ProcessInfo.processInfo.environment["WALLETSTREAM_PRICE_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether any upstream setting was given (for `serve`, which can also run store-only).
    var isConfigured: Bool { rpcURL != nil || apiURL != nil || apiKey != nil }

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard rps > 0 else { throw ValidationError("--rps must be positive") }
        guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
        if let priceURL, URL(string: priceURL)?.host == nil {
            throw ValidationError("--price-url must be an http(s) URL")
        }
    }

    var configuration: UpstreamConfiguration {
        UpstreamConfiguration(
            rpcURL: rpcURL ?? UpstreamConfiguration.defaultRPCURL,
            apiURL: apiURL ?? UpstreamConfiguration.defaultAPIURL,
            apiKey: apiKey, maxConcurrency: concurrency, requestsPerSecond: rps, maxAttempts: attempts,
            prices: priceURL.map { PriceSourceConfiguration(url: $0, symbol: priceSymbol, apiKey: priceAPIKey) })
    }

    /// An HTTP client for the upstream: enough connections for `concurrency`.
    func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, concurrency * 2))
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
