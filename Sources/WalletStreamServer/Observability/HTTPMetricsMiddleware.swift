import Hummingbird
import Metrics
import Synchronization

/// Prometheus request metrics: `http_requests_total{route, method, status}` and the
/// `http_request_duration_seconds{route, method}` histogram; a streamed body is counted once
/// it is written (a stream's duration is the stream's). Routes are the router's patterns
/// (`/v4/wallet/{address}/summary`), never raw paths, so that addresses do not become labels.
struct HTTPMetricsMiddleware: RouterMiddleware {
    typealias Context = WalletStreamRequestContext

    private struct Key: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private final class Cache: Sendable {
        let counters = Mutex<[Key: Counter]>([:])
        let timers = Mutex<[Key: Timer]>([:])

        func record(_ key: Key, nanoseconds: Int64) {
            let counter = counters.withLock { counters in
                if let counter = counters[key] { return counter }
                let counter = Counter(
                    label: "http_requests_total",
                    dimensions: [("route", key.route), ("method", key.method), ("status", "\(key.status)")])
                counters[key] = counter
                return counter
            }
            counter.increment()
            var timerKey = key
            timerKey.status = 0
            let timer = timers.withLock { timers in
                if let timer = timers[timerKey] { return timer }
                let timer = Timer(
                    label: "http_request_duration_seconds",
                    dimensions: [("route", key.route), ("method", key.method)], preferredDisplayUnit: .seconds)
                timers[timerKey] = timer
                return timer
            }
            timer.recordNanoseconds(nanoseconds)
        }
    }

    private let cache = Cache()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        let cache = self.cache
        var response = try await next(request, context)
        let status = Int(response.status.code)
        let route = Self.route(context.endpointPath)
        let key = Key(route: route, method: method, status: status)
        guard response.body.contentLength == nil else {
            // A body of known length is one write: counted now, keeping Hummingbird's one-write path.
            cache.record(key, nanoseconds: (ContinuousClock.now - start).wholeNanoseconds)
            return response
        }
        // A streamed body: counted once it is written.
        let body = response.body
        response.body = ResponseBody { writer in
            defer { cache.record(key, nanoseconds: (ContinuousClock.now - start).wholeNanoseconds) }
            try await body.write(writer)
        }
        return response
    }

    /// `/v4/wallet/:address/stream` → `/v4/wallet/{address}/stream`; no route: `unmatched`.
    static func route(_ endpoint: String?) -> String {
        guard let endpoint else { return "unmatched" }
        return endpoint.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }
}
