import NIOCore
import WalletStreamCore

/// Encodes SSE events into a buffer and hands it to the mailbox in chunks of several KB:
/// one small write per event would let NIO's pending-write queue balloon on a fast reader.
struct SSEChunkBuilder {
    private(set) var json = JSONWriter(capacity: 64 * 1024)
    let mailbox: StreamMailbox
    let chunkBytes: Int

    init(mailbox: StreamMailbox, chunkBytes: Int) {
        self.mailbox = mailbox
        self.chunkBytes = chunkBytes
    }

    /// `retry: <ms>`.
    mutating func retry(_ milliseconds: Int) {
        json.raw("retry: ")
        json.integer(milliseconds)
        json.raw("\n\n")
    }

    /// An event whose data is `payload` encoded by `JSONEncoder` (small, rare events).
    mutating func event(_ name: StaticString, id: String? = nil, payload: some Encodable) throws {
        try event(name, id: id) { $0.bytes.append(contentsOf: try payload.jsonBytes()) }
    }

    /// An event whose data is written by `body` as one line of compact JSON.
    mutating func event(_ name: StaticString, id: String? = nil, _ body: (inout JSONWriter) throws -> Void) rethrows {
        json.raw("event: ")
        json.raw(name)
        if let id {
            json.raw("\nid: ")
            json.bytes.append(contentsOf: id.utf8)
        }
        json.raw("\ndata: ")
        try body(&json)
        json.raw("\n\n")
    }

    /// The `summary` event, sent in pieces: a wallet can hold a hundred thousand tokens.
    mutating func summary(_ summary: WalletSummary) async throws {
        json.raw("event: summary\ndata: ")
        let mailbox = self.mailbox
        try await json.summary(summary, chunkBytes: chunkBytes) { bytes in
            let chunk = ByteBuffer(bytes: bytes)
            bytes.removeAll(keepingCapacity: true)
            try await mailbox.send(chunk)
        }
        json.raw("\n\n")
    }

    /// Sends what has accumulated once it reaches the chunk size.
    mutating func flushIfFull() async throws {
        if json.bytes.count >= chunkBytes { try await flush() }
    }

    /// Sends what has accumulated now (before waiting on anything slow, and at the end).
    mutating func flush() async throws {
        guard !json.bytes.isEmpty else { return }
        let chunk = ByteBuffer(bytes: json.bytes)
        json.bytes.removeAll(keepingCapacity: true)
        try await mailbox.send(chunk)
    }
}
