import NIOCore

extension TimeAmount {
    /// From now until `instant` (zero when it is past).
    static func until(_ instant: ContinuousClock.Instant) -> TimeAmount {
        .nanoseconds(max(0, (instant - .now).wholeNanoseconds))
    }
}
