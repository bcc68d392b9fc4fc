import Metrics
import Synchronization

/// Counts open streams, for `/health`, metrics and tests that check producers are released.
public final class ActiveStreams: Sendable {
    private let open = Atomic<Int>(0)
    private let gauge = Gauge(label: "walletstream_open_streams")
    private let started = Counter(label: "walletstream_streams_started_total")

    public init() {}

    /// Streams currently open.
    public var count: Int { open.load(ordering: .relaxed) }

    func begin() {
        let now = open.wrappingAdd(1, ordering: .relaxed).newValue
        gauge.record(now)
        started.increment()
    }

    func end() {
        let now = open.wrappingSubtract(1, ordering: .relaxed).newValue
        gauge.record(now)
    }
}
