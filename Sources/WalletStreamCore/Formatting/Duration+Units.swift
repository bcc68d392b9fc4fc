extension Duration {
    /// Whole milliseconds, rounded toward zero.
    public var wholeMilliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Whole nanoseconds, rounded toward zero (NIO's `TimeAmount` unit).
    public var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    /// Seconds as a floating-point number, for rates and human-readable reports only.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
