import NIOCore
import WalletStreamWire

/// Hands the events written into ``events`` (the shared ``SSEEventWriter``) to a sink in
/// chunks of several KB: one small write per event would let NIO's pending-write queue balloon
/// on a fast reader.
struct SSEChunkBuilder {
    var events: SSEEventWriter
    let sink: any StreamChunkSink
    let chunkBytes: Int

    init(sink: any StreamChunkSink, chunkBytes: Int) {
        self.sink = sink
        self.chunkBytes = chunkBytes
        // A chunk is cut after the event that fills it: room for that event too.
        events = SSEEventWriter(capacity: chunkBytes + 4 * 1024)
    }

    /// Sends what has accumulated once it reaches the chunk size.
    mutating func flushIfFull() async throws {
        if events.byteCount >= chunkBytes { try await flush() }
    }

    /// Sends what has accumulated and gives the buffer back: a stream about to wait for a long
    /// time (a sync, new trades) holds no buffer meanwhile; the next events grow a new one.
    mutating func flushAndRelease() async throws {
        try await flush()
        events.json.bytes = []
    }

    /// Sends what has accumulated now (before waiting on anything slow, and at the end).
    mutating func flush() async throws {
        guard events.byteCount > 0 else { return }
        // Copied straight from the builder's buffer, which stays uniquely owned and keeps its
        // capacity: one allocation per chunk.
        let chunk = ByteBuffer(bytes: events.json.bytes)
        events.json.bytes.removeAll(keepingCapacity: true)
        try await sink.send(chunk)
    }
}
