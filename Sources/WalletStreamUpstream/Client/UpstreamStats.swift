import Synchronization

/// Counts of requests and retries, by reason, for sync reports and metrics.
public final class UpstreamStats: Sendable {
    private struct Counts {
        var requests = 0
        var retries: [String: Int] = [:]
    }

    private let counts = Mutex(Counts())

    public init() {}

    /// Requests sent, retries included.
    public var requests: Int { counts.withLock { $0.requests } }
    /// Retries by reason (`rate_limited`, `server_error`, `timeout`, `connection`, `malformed_body`).
    public var retries: [String: Int] { counts.withLock { $0.retries } }
    public var totalRetries: Int { retries.values.reduce(0, +) }

    func requestSent() { counts.withLock { $0.requests += 1 } }
    func retried(_ reason: String) { counts.withLock { $0.retries[reason, default: 0] += 1 } }
}
