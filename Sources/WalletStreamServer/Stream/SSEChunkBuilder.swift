import NIOCore
import WalletStreamCore
import WalletStreamWire

/// Encodes SSE events with the shared ``SSEEventWriter`` and hands them to the mailbox in
/// chunks of several KB: one small write per event would let NIO's pending-write queue balloon
/// on a fast reader.
struct SSEChunkBuilder {
    private(set) var events = SSEEventWriter(capacity: 40 * 1024)
    let mailbox: StreamMailbox
    let chunkBytes: Int

    init(mailbox: StreamMailbox, chunkBytes: Int) {
        self.mailbox = mailbox
        self.chunkBytes = chunkBytes
    }

    /// `retry: <ms>`.
    mutating func retry(_ milliseconds: Int) {
        events.retry(milliseconds)
    }

    /// An event whose data is `payload` encoded by `JSONEncoder` (small, rare events).
    mutating func event(_ name: StreamEventName, id: String? = nil, payload: some Encodable) throws {
        try events.event(name, id: id, payload: payload)
    }

    /// An event whose data is written by `body` as one line of compact JSON.
    mutating func event(
        _ name: StreamEventName, id: String? = nil, _ body: (inout JSONWriter) throws -> Void
    ) rethrows {
        try events.event(name, id: id, body)
    }

    /// The `summary` event (bounded in size whatever the wallet).
    mutating func summary(_ summary: WalletSummary) {
        events.event(.summary) { $0.summary(summary) }
    }

    /// Sends what has accumulated once it reaches the chunk size.
    mutating func flushIfFull() async throws {
        if events.byteCount >= chunkBytes { try await flush() }
    }

    /// Sends what has accumulated now (before waiting on anything slow, and at the end).
    mutating func flush() async throws {
        guard events.byteCount > 0 else { return }
        try await mailbox.send(ByteBuffer(bytes: events.takeBytes()))
    }
}
