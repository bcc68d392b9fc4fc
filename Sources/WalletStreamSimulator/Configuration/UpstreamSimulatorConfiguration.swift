import WalletStreamCore
import WalletStreamIngest

/// How an ``UpstreamSimulator`` behaves: what it listens on, which data it serves and which
/// faults it injects.
public struct UpstreamSimulatorConfiguration: Sendable {
    /// Host to bind; loopback by default.
    public var host: String
    /// Port to bind; 0 picks a free one (read ``UpstreamSimulator/baseURL`` once running).
    public var port: Int
    /// Number of trades (DemoTradeGenerator trades, not transactions) of every generated wallet.
    public var walletTrades: Int
    /// Seed of the generated history, signatures and random faults.
    public var seed: UInt64
    /// Delay added to every request before it is answered.
    public var latency: Duration
    /// Requests per second allowed per API (token bucket, burst = max(1, rate)); excess gets
    /// 429 with `Retry-After: 1`. Nil means unlimited.
    public var rateLimit: Double?
    /// Probability that a request gets a random fault (429, 500, 502 or 503).
    public var failRate: Double
    /// Deterministic fault scripts, checked in order before ``failRate``.
    public var faults: [Fault]
    /// The Helius key the simulator accepts (`?api-key=`).
    public var apiKey: String
    /// A Helius enhanced-transactions JSON file (such as the shared real sample) served for
    /// ``UpstreamSimulator/realWallet``; when nil or unreadable, that wallet is generated like
    /// any other.
    public var sampleTransactionsPath: String?
    /// The sample wallet's exported trades (the shared tracker CSV): `getAssetBatch` answers
    /// their mints with the CSV's real symbols and names.
    public var sampleTradesCSVPath: String?
    /// Share of other mints `getAssetBatch` does not know (answered with null).
    public var unknownAssetShare: Double
    /// The price history's SOL/USD symbol; other symbols get a UDF error.
    public var priceSymbol: String
    /// Spans of Unix seconds with no SOL/USD candles (a range with none answers `no_data`).
    public var priceGaps: [ClosedRange<Int64>]

    /// A configuration; the defaults give a fast, fault-free simulator on a free loopback port.
    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        walletTrades: Int = 1_000,
        seed: UInt64 = 42,
        latency: Duration = .zero,
        rateLimit: Double? = nil,
        failRate: Double = 0,
        faults: [Fault] = [],
        apiKey: String = "simulator-key",
        sampleTransactionsPath: String? = nil,
        sampleTradesCSVPath: String? = nil,
        unknownAssetShare: Double = 0.1,
        priceSymbol: String = "Crypto.SOL/USD",
        priceGaps: [ClosedRange<Int64>] = []
    ) {
        self.host = host
        self.port = port
        self.walletTrades = walletTrades
        self.seed = seed
        self.latency = latency
        self.rateLimit = rateLimit
        self.failRate = failRate
        self.faults = faults
        self.apiKey = apiKey
        self.sampleTransactionsPath = sampleTransactionsPath
        self.sampleTradesCSVPath = sampleTradesCSVPath
        self.unknownAssetShare = unknownAssetShare
        self.priceSymbol = priceSymbol
        self.priceGaps = priceGaps
    }
}
