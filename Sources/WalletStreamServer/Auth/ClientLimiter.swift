import Synchronization
import WalletStreamCore
import WalletStreamStore

/// The per-client limits of one node, in memory: a request rate (token bucket), streams open at
/// once (held from a stream's start to its end), and on-demand syncs per hour (token bucket).
/// A key's own limits replace the policy's defaults.
public final class ClientLimiter: Sendable {
    /// The defaults, for keys that set none and for addresses when auth is off.
    public struct Policy: Sendable {
        public var requestsPerSecond: Double
        public var maxStreams: Int
        public var syncsPerHour: Int

        public init(requestsPerSecond: Double = 50, maxStreams: Int = 16, syncsPerHour: Int = 60) {
            self.requestsPerSecond = requestsPerSecond
            self.maxStreams = maxStreams
            self.syncsPerHour = syncsPerHour
        }
    }

    /// A token bucket: `capacity` tokens, refilled at `rate` per second.
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant

        /// Takes a token, or says how long until one is there.
        mutating func take(capacity: Double, rate: Double, now: ContinuousClock.Instant) -> Duration? {
            tokens = min(capacity, tokens + (now - updated).seconds * rate)
            updated = now
            if tokens >= 1 {
                tokens -= 1
                return nil
            }
            return .milliseconds(Int64(((1 - tokens) / rate * 1000).rounded(.up)))
        }
    }

    struct Entry {
        var requests: Bucket?
        var syncs: Bucket?
        var streams = 0
        var lastSeen: ContinuousClock.Instant
    }

    /// Held while a stream is open; ``release()`` once it ends.
    public final class StreamPermit: Sendable {
        private let released = Atomic(false)
        private let limiter: ClientLimiter
        private let key: String

        init(limiter: ClientLimiter, key: String) {
            self.limiter = limiter
            self.key = key
        }

        public func release() {
            guard !released.exchange(true, ordering: .relaxed) else { return }
            limiter.streamEnded(key)
        }

        deinit { release() }
    }

    public let policy: Policy
    private let entries = Mutex<[String: Entry]>([:])
    private let clock = ContinuousClock()
    /// Entries kept before idle ones (no open stream, not seen for a minute) are dropped.
    private let sweepThreshold = 10_000

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Counts a request; throws `RATE_LIMITED` with the wait when the rate is used up.
    func admitRequest(_ client: ClientIdentity) throws {
        let rate = max(0.001, client.keyLimits?.requestsPerSecond ?? policy.requestsPerSecond)
        let wait = update(client.limitKey) { entry, now in
            var bucket = entry.requests ?? Bucket(tokens: max(1, 2 * rate), updated: now)
            defer { entry.requests = bucket }
            return bucket.take(capacity: max(1, 2 * rate), rate: rate, now: now)
        }
        if let wait {
            throw WalletStreamError(
                code: .rateLimited, message: "too many requests: at most \(rate) per second", retryAfter: wait)
        }
    }

    /// Opens a stream for `client`; throws `RATE_LIMITED` when its streams are all open.
    func openStream(_ client: ClientIdentity) throws -> StreamPermit {
        let limit = client.keyLimits?.maxStreams ?? policy.maxStreams
        let key = client.limitKey
        let admitted = update(key) { entry, _ in
            guard entry.streams < limit else { return false }
            entry.streams += 1
            return true
        }
        guard admitted else {
            throw WalletStreamError(
                code: .rateLimited, message: "too many open streams: at most \(limit) at once",
                retryAfter: .seconds(1))
        }
        return StreamPermit(limiter: self, key: key)
    }

    /// Counts an on-demand sync: nil when admitted, else how long until the next one is.
    func admitSync(_ client: ClientIdentity) -> Duration? {
        let perHour = Double(max(0, client.keyLimits?.syncsPerHour ?? policy.syncsPerHour))
        guard perHour > 0 else { return .seconds(3600) }
        return update(client.limitKey) { entry, now in
            var bucket = entry.syncs ?? Bucket(tokens: perHour, updated: now)
            defer { entry.syncs = bucket }
            return bucket.take(capacity: perHour, rate: perHour / 3600, now: now)
        }
    }

    fileprivate func streamEnded(_ key: String) {
        entries.withLock { entries in entries[key]?.streams -= 1 }
    }

    private func update<T>(_ key: String, _ body: (inout Entry, ContinuousClock.Instant) -> T) -> T {
        let now = clock.now
        return entries.withLock { entries in
            if entries.count > sweepThreshold {
                entries = entries.filter { $0.value.streams > 0 || now - $0.value.lastSeen < .seconds(60) }
            }
            var entry = entries[key] ?? Entry(lastSeen: now)
            entry.lastSeen = now
            defer { entries[key] = entry }
            return body(&entry, now)
        }
    }
}
