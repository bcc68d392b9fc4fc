import WalletStreamCore

/// Encodes Server-Sent Events into a byte buffer: the one place that writes the `retry:`,
/// `event:`, `id:` and `data:` lines of the stream, heartbeats and `error` events included.
public struct SSEEventWriter {
    /// The encoded bytes; the caller takes them (``takeBytes()``) and sends them as a chunk.
    public var json: JSONWriter

    public init(capacity: Int = 64 * 1024) {
        json = JSONWriter(capacity: capacity)
    }

    /// Bytes waiting to be sent.
    public var byteCount: Int { json.bytes.count }

    /// Hands over the encoded bytes and starts an empty buffer of the same capacity.
    public mutating func takeBytes() -> [UInt8] {
        let bytes = json.bytes
        json.bytes.removeAll(keepingCapacity: true)
        return bytes
    }

    /// `retry: <ms>`: how long a client waits before reconnecting.
    public mutating func retry(_ milliseconds: Int) {
        json.raw("retry: ")
        json.integer(milliseconds)
        json.raw("\n\n")
    }

    /// `: ping`: a comment line that keeps proxies and clients from timing out an idle stream.
    public mutating func heartbeat() {
        json.raw(": ping\n\n")
    }

    /// A `progress` event, written by hand (``JSONWriter/progress(_:)``) when it can be, else by
    /// `JSONEncoder`: the same bytes either way.
    public mutating func progress(_ progress: StreamProgress) throws {
        let start = json.bytes.count
        var written = false
        event(.progress) { written = $0.progress(progress) }
        guard !written else { return }
        json.bytes.removeSubrange(start...)
        try event(.progress, payload: progress)
    }

    /// An event whose data is `payload` encoded by `JSONEncoder` (small, rare events).
    public mutating func event(_ name: StreamEventName, id: String? = nil, payload: some Encodable) throws {
        let data = try payload.jsonBytes()
        event(name, id: id) { $0.bytes.append(contentsOf: data) }
    }

    /// An event whose data is written by `body` as one line of compact JSON.
    public mutating func event(
        _ name: StreamEventName, id: String? = nil, _ body: (inout JSONWriter) throws -> Void
    ) rethrows {
        beginEvent(name, id: id)
        try body(&json)
        endEvent()
    }

    /// An `error` event, preceded by the `retry:` the client should wait.
    public mutating func error(_ error: ErrorBody, retry milliseconds: Int) {
        retry(milliseconds)
        event(.error) { $0.errorBody(error) }
    }

    /// The lines before an event's data, for data written in several pieces.
    public mutating func beginEvent(_ name: StreamEventName, id: String? = nil) {
        json.raw("event: ")
        json.bytes.append(contentsOf: name.rawValue.utf8)
        if let id {
            json.raw("\nid: ")
            json.bytes.append(contentsOf: id.utf8)
        }
        json.raw("\ndata: ")
    }

    /// Ends the event begun by ``beginEvent(_:id:)``.
    public mutating func endEvent() {
        json.raw("\n\n")
    }
}
