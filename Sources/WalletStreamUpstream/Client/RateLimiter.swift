import Synchronization

/// Spaces requests at least `1 / rate` apart, across all tasks that share it. Each caller
/// reserves the next free slot and sleeps until it, so the limit holds without bursts.
public final class RateLimiter: Sendable {
    private let interval: Duration
    private let nextSlot: Mutex<ContinuousClock.Instant>

    /// `requestsPerSecond` ≤ 0 means unlimited.
    public init(requestsPerSecond: Double) {
        interval = requestsPerSecond > 0 ? .nanoseconds(Int64(1e9 / requestsPerSecond)) : .zero
        nextSlot = Mutex(.now)
    }

    /// Waits for this caller's slot.
    public func acquire() async throws {
        guard interval > .zero else { return }
        let slot = nextSlot.withLock { next -> ContinuousClock.Instant in
            let slot = max(next, .now)
            next = slot + interval
            return slot
        }
        if slot > .now { try await Task.sleep(until: slot, clock: .continuous) }
    }

    /// Pushes every later slot back, after the provider answered 429 with `Retry-After`.
    public func pause(for duration: Duration) {
        nextSlot.withLock { next in next = max(next, .now + duration) }
    }
}
