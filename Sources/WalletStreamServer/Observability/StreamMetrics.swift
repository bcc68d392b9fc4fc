import Metrics
import WalletStreamCore

/// The stream's Prometheus metrics: streams ended by outcome, their duration, and the trades and
/// bytes they sent.
struct StreamMetrics: Sendable {
    let trades = Counter(label: "walletstream_stream_trades_total")
    let bytes = Counter(label: "walletstream_stream_bytes_total")
    let duration = Timer(label: "walletstream_stream_duration_seconds", preferredDisplayUnit: .seconds)
    private let outcomes: [String: Counter] = Dictionary(
        uniqueKeysWithValues: ["finished", "shutting_down", "deadline", "failed", "disconnected"].map {
            ($0, Counter(label: "walletstream_streams_ended_total", dimensions: [("outcome", $0)]))
        })

    func ended(_ ending: StreamEnding, after elapsed: Duration) {
        let outcome =
            switch ending {
            case .finished: "finished"
            case .shuttingDown: "shutting_down"
            case .disconnected: "disconnected"
            case .failed(let error): (error as? WalletStreamError)?.code == .streamDeadline ? "deadline" : "failed"
            }
        outcomes[outcome]?.increment()
        duration.recordNanoseconds(elapsed.wholeNanoseconds)
    }
}
