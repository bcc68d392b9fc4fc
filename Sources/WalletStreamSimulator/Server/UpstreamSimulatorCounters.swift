import WalletStreamCore

/// What an ``UpstreamSimulator`` has seen so far.
public struct UpstreamSimulatorCounters: Sendable, Hashable {
    /// Requests received by the JSON-RPC endpoint (all of them, faulted or not).
    public var rpcRequests = 0
    /// Requests received by the Helius endpoint (all of them, faulted or not).
    public var heliusRequests = 0
    /// Requests received by the price history endpoint (all of them, faulted or not).
    public var priceRequests = 0
    /// Scripted and random faults injected (``UpstreamSimulatorConfiguration/Fault``, failRate).
    public var faultsInjected = 0
    /// 429 answers from the token bucket (``UpstreamSimulatorConfiguration/rateLimit``).
    public var rateLimited = 0
    /// 401 answers (missing or wrong Helius api-key).
    public var unauthorized = 0
    /// 400 answers and JSON-RPC error objects (bad bodies, > 100 signatures, unknown methods).
    public var badRequests = 0
    /// getSignaturesForAddress requests answered (pages of the listing).
    public var listingRequests = 0
    /// Signatures returned by getSignaturesForAddress.
    public var signaturesServed = 0
    /// Enhanced transactions returned by Helius.
    public var transactionsServed = 0
    /// Minute candles returned by the price history.
    public var candlesServed = 0
    /// `getAssetBatch` requests answered, and the ids they asked for.
    public var assetRequests = 0
    public var assetsAsked = 0

    /// An all-zero record.
    public init() {}

    /// Requests received by `api`.
    public func requests(_ api: UpstreamAPI) -> Int {
        switch api {
        case .rpc: rpcRequests
        case .helius: heliusRequests
        case .prices: priceRequests
        }
    }
}
