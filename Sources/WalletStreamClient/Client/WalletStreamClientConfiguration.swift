import WalletStreamCore

/// Tuning of ``WalletStreamClient``: reconnection policy and safety limits.
public struct WalletStreamClientConfiguration: Sendable {
    /// Consecutive reconnection attempts without progress before the stream fails.
    /// The count resets whenever a connection delivers a new resume point.
    public var maxReconnectAttempts: Int
    /// Base of the exponential backoff until the server sends a `retry:` value, which replaces it.
    public var initialBackoff: Duration
    /// Upper bound of one backoff delay before jitter.
    public var maxBackoff: Duration
    /// Random extra delay as a fraction of the backoff (0 to 1), so that many clients dropped by
    /// one server restart do not reconnect in lockstep.
    public var jitter: Double
    /// Time allowed for the response head to arrive. Idle time after that is bounded by the
    /// `HTTPClient`'s read timeout, which should exceed the server's heartbeat interval.
    public var responseTimeout: Duration
    /// Connect timeout of the `HTTPClient` that ``WalletStreamClient/withClient(baseURL:configuration:logger:_:)``
    /// creates; an injected `HTTPClient` keeps its own.
    public var connectTimeout: Duration
    /// Longest silence (no bytes, not even a heartbeat) before the connection counts as dropped,
    /// as the read timeout of the `HTTPClient` that ``WalletStreamClient/withClient(baseURL:configuration:logger:_:)``
    /// creates; an injected `HTTPClient` keeps its own. Must exceed the server's heartbeat interval.
    public var idleTimeout: Duration
    /// Largest unfinished line or event the client buffers before giving up on the stream.
    public var maxEventBytes: Int
    /// Largest HTTP error body read to extract its `{"error", "code"}`.
    public var maxErrorBodyBytes: Int
    /// Error codes (in `error` events or HTTP error bodies) after which the client reconnects
    /// instead of failing.
    public var retryableErrorCodes: Set<WalletStreamError.Code>
    /// Sent as `Authorization: Bearer` to a server that requires API keys.
    public var apiKey: String?

    public init(
        maxReconnectAttempts: Int = 10,
        initialBackoff: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(30),
        jitter: Double = 0.25,
        responseTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maxEventBytes: Int = 16 << 20,
        maxErrorBodyBytes: Int = 64 << 10,
        retryableErrorCodes: Set<WalletStreamError.Code> = [
            .shuttingDown, .streamDeadline, .storeUnavailable, .lagging,
        ],
        apiKey: String? = nil
    ) {
        self.maxReconnectAttempts = maxReconnectAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.jitter = jitter
        self.responseTimeout = responseTimeout
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
        self.maxEventBytes = maxEventBytes
        self.maxErrorBodyBytes = maxErrorBodyBytes
        self.retryableErrorCodes = retryableErrorCodes
        self.apiKey = apiKey
    }

    /// The delay before reconnection attempt `attempt` (1-based): `base × 2^(attempt-1)` capped
    /// at ``maxBackoff``, plus up to ``jitter`` of that at random. Never below `base` (the
    /// server's `retry:` when it sent one), so the server's pacing is honoured.
    public func backoff(attempt: Int, serverRetry: Duration?) -> Duration {
        let base = serverRetry ?? initialBackoff
        let doublings = min(max(attempt - 1, 0), 30)
        let exponential = base * (1 << doublings)
        let capped = min(exponential, max(maxBackoff, base))
        let spread = min(max(jitter, 0), 1)
        return capped + capped * Double.random(in: 0...spread)
    }
}
