import Metrics
import Synchronization

/// The upstream's Prometheus metrics: `walletstream_upstream_requests_total{request, status}`,
/// `walletstream_upstream_retries_total{reason}`, `walletstream_upstream_rate_limited_wait_seconds_total`
/// (time spent backing off after a 429) and `walletstream_sync_duration_seconds{outcome}`.
final class UpstreamMetrics: Sendable {
    private let requests = Mutex<[String: Counter]>([:])
    private let retries = Mutex<[String: Counter]>([:])
    let rateLimitedWait = FloatingPointCounter(label: "walletstream_upstream_rate_limited_wait_seconds_total")
    let syncFinished = Timer(
        label: "walletstream_sync_duration_seconds", dimensions: [("outcome", "finished")],
        preferredDisplayUnit: .seconds)
    let syncFailed = Timer(
        label: "walletstream_sync_duration_seconds", dimensions: [("outcome", "failed")],
        preferredDisplayUnit: .seconds)

    /// `status`: the HTTP status, or `error` when no response came.
    func request(_ request: String, status: String) {
        let key = request + " " + status
        requests.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = Counter(
                label: "walletstream_upstream_requests_total", dimensions: [("request", request), ("status", status)])
            counters[key] = counter
            return counter
        }.increment()
    }

    func retry(_ reason: String) {
        retries.withLock { counters in
            if let counter = counters[reason] { return counter }
            let counter = Counter(label: "walletstream_upstream_retries_total", dimensions: [("reason", reason)])
            counters[reason] = counter
            return counter
        }.increment()
    }
}
