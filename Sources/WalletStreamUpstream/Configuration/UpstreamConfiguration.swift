/// How to reach the chain-data provider, built once at the edge (CLI flags and environment).
public struct UpstreamConfiguration: Sendable {
    /// Solana JSON-RPC endpoint (`getSignaturesForAddress`).
    public var rpcURL: String
    /// Helius API base (`POST {apiURL}/v0/transactions`).
    public var apiURL: String
    /// Sent as the `api-key` query parameter; never logged or shown.
    public var apiKey: String?
    /// Requests in flight at once.
    public var maxConcurrency: Int
    /// Requests per second across both APIs (Helius Developer plan: 10).
    public var requestsPerSecond: Double
    /// Attempts per request, the first included.
    public var maxAttempts: Int
    /// First retry delay; doubles each attempt up to ``maxBackoff``, with jitter.
    public var baseBackoff: Duration
    public var maxBackoff: Duration
    /// Deadline of one request.
    public var requestTimeout: Duration
    /// Signatures per `getSignaturesForAddress` page (the API's maximum is 1000).
    public var signaturePageSize: Int
    /// Signatures per `/v0/transactions` request (the API's maximum is 100).
    public var transactionBatchSize: Int
    /// Mints per `getAssetBatch` request (the API's maximum is 1000).
    public var assetBatchSize: Int
    /// SOL/USD history for valuing chain-synced trades; nil leaves their USD value unknown.
    public var prices: PriceSourceConfiguration?

    public static let defaultRPCURL = "https://mainnet.helius-rpc.com"
    public static let defaultAPIURL = "https://api.helius.xyz"

    public init(
        rpcURL: String = defaultRPCURL,
        apiURL: String = defaultAPIURL,
        apiKey: String? = nil,
        maxConcurrency: Int = 4,
        requestsPerSecond: Double = 10,
        maxAttempts: Int = 6,
        baseBackoff: Duration = .milliseconds(250),
        maxBackoff: Duration = .seconds(8),
        requestTimeout: Duration = .seconds(15),
        signaturePageSize: Int = 1000,
        transactionBatchSize: Int = 100,
        assetBatchSize: Int = 1000,
        prices: PriceSourceConfiguration? = nil
    ) {
        self.rpcURL = rpcURL
        self.apiURL = apiURL
        self.apiKey = apiKey
        self.maxConcurrency = max(1, maxConcurrency)
        self.requestsPerSecond = requestsPerSecond
        self.maxAttempts = max(1, maxAttempts)
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.requestTimeout = requestTimeout
        self.signaturePageSize = min(max(1, signaturePageSize), 1000)
        self.transactionBatchSize = min(max(1, transactionBatchSize), 100)
        self.assetBatchSize = min(max(1, assetBatchSize), 1000)
        self.prices = prices
    }
}

extension UpstreamConfiguration: CustomStringConvertible {
    /// Safe to log: the API key is redacted.
    public var description: String {
        "rpc=\(rpcURL) api=\(apiURL) key=\(apiKey == nil ? "none" : "***") concurrency=\(maxConcurrency) "
            + "rps=\(requestsPerSecond) attempts=\(maxAttempts) prices=\(prices.map { "\($0)" } ?? "none")"
    }
}
