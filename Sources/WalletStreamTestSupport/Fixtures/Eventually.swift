/// Waits on conditions with a deadline, instead of fixed sleeps that are too short on a busy
/// machine and too long on an idle one.
public enum Eventually {
    /// Polls `condition` every `interval` until it holds (true) or `limit` has passed (false).
    public static func wait(
        within limit: Duration, every interval: Duration = .milliseconds(10),
        until condition: () async throws -> Bool
    ) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while true {
            if try await condition() { return true }
            guard clock.now < deadline else { return false }
            try await Task.sleep(for: interval)
        }
    }
}
