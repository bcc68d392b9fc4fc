import WalletStreamCore

/// A token bucket: `rate` tokens a second, holding at most `max(1, rate)`.
struct TokenBucket: Sendable {
    let rate: Double
    let capacity: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(rate: Double, now: ContinuousClock.Instant) {
        self.rate = max(rate, 0)
        capacity = max(1, rate)
        tokens = capacity
        last = now
    }

    /// Refills for the time elapsed since the last call, then takes one token if there is one.
    mutating func take(now: ContinuousClock.Instant) -> Bool {
        let elapsed = now - last
        let seconds = elapsed.seconds
        if seconds > 0 {
            tokens = min(capacity, tokens + seconds * rate)
            last = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
