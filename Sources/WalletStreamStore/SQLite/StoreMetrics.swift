import Metrics

/// `walletstream_store_query_duration_seconds{kind}`: how long the store's reads (on the pool,
/// or inline for stream pages and counts) and write transactions take, waits for a connection
/// included.
struct StoreMetrics: Sendable {
    let read = timer("read")
    let inlineRead = timer("inline_read")
    let write = timer("write")

    private static func timer(_ kind: String) -> Timer {
        Timer(
            label: "walletstream_store_query_duration_seconds", dimensions: [("kind", kind)],
            preferredDisplayUnit: .seconds)
    }
}
