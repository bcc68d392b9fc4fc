import NIOCore

/// An incremental `text/event-stream` parser following the WHATWG HTML spec, section
/// "Interpreting an event stream".
///
/// Feed it byte chunks as they arrive, split anywhere (even inside a UTF-8 sequence or between
/// the CR and LF of one line ending); each call returns the events completed by that chunk.
/// Lines are scanned as bytes and only field values become `String`s.
///
/// Besides events, the parser tracks what the spec keeps as stream state: the last event ID
/// (which persists across events and is what a client sends as `Last-Event-ID`), the
/// reconnection time set by `retry:`, and the number of comment lines (heartbeats).
public struct SSEParser: Sendable {
    /// The last event ID string: set when an event block ends (even one with no data and hence
    /// not dispatched), from the most recent valid `id:` field.
    public private(set) var lastEventID: String
    /// The reconnection time in milliseconds from the most recent valid `retry:` field.
    public private(set) var reconnectionTime: Int?
    /// Comment lines (starting with `:`) seen so far; servers send them as heartbeats.
    public private(set) var commentCount = 0

    /// Bytes of a line whose end has not arrived yet.
    private var partialLine: [UInt8] = []
    /// The data buffer of the event being built, each line followed by LF.
    private var dataBuffer: [UInt8] = []
    private var eventType = ""
    /// The spec's "last event ID buffer": becomes ``lastEventID`` when the block ends.
    private var lastEventIDBuffer: String
    /// The previous chunk ended with CR, so an LF starting the next chunk ends no second line.
    private var pendingCR = false
    /// Bytes of a possible leading BOM, held until it is known whether they are one.
    private var bomCandidate: [UInt8] = []
    private var bomResolved = false

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let colon = UInt8(ascii: ":")
    private static let space = UInt8(ascii: " ")

    /// A parser for a new connection. Pass the ID the previous connection ended with so that it
    /// persists, as it does across an EventSource's reconnections.
    public init(lastEventID: String = "") {
        self.lastEventID = lastEventID
        self.lastEventIDBuffer = lastEventID
    }

    /// Bytes held for an unfinished line or event; callers bound this against hostile streams.
    public var bufferedByteCount: Int { partialLine.count + dataBuffer.count }

    /// Parses the next chunk of the stream and returns the events it completes, in order.
    public mutating func parse(_ chunk: ByteBuffer) -> [SSEEvent] {
        var events: [SSEEvent] = []
        chunk.withUnsafeReadableBytes { raw in
            parseBytes(raw.assumingMemoryBound(to: UInt8.self), into: &events)
        }
        return events
    }

    /// Parses the next chunk of the stream and returns the events it completes, in order.
    public mutating func parse(_ chunk: some Collection<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        let handled: Void? = chunk.withContiguousStorageIfAvailable { parseBytes($0, into: &events) }
        if handled == nil {
            Array(chunk).withUnsafeBufferPointer { parseBytes($0, into: &events) }
        }
        return events
    }

    /// Ends the stream. Per the spec an unfinished event is discarded, not dispatched; the
    /// last event ID and reconnection time are kept so the parser can continue a new connection.
    public mutating func finish() {
        partialLine.removeAll(keepingCapacity: true)
        dataBuffer.removeAll(keepingCapacity: true)
        eventType = ""
        lastEventIDBuffer = lastEventID
        pendingCR = false
        bomCandidate.removeAll()
        bomResolved = false
    }

    private mutating func parseBytes(_ bytes: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var start = 0
        if !bomResolved {
            // The BOM may itself be split across chunks: hold matching bytes until it is decided.
            while start < bytes.count, bomCandidate.count < 3, bytes[start] == Self.byteOrderMark[bomCandidate.count] {
                bomCandidate.append(bytes[start])
                start += 1
            }
            if bomCandidate.count < 3 {
                guard start < bytes.count else { return }
                // Not a BOM after all: the held bytes are ordinary stream content.
                let held = bomCandidate
                held.withUnsafeBufferPointer { scanLines($0, into: &events) }
            }
            bomResolved = true
            bomCandidate.removeAll()
        }
        scanLines(UnsafeBufferPointer(rebasing: bytes[start...]), into: &events)
    }

    private mutating func scanLines(_ bytes: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var index = 0
        if pendingCR, !bytes.isEmpty {
            pendingCR = false
            if bytes[0] == Self.lf { index = 1 }
        }
        while index < bytes.count {
            guard let end = bytes[index...].firstIndex(where: { $0 == Self.lf || $0 == Self.cr }) else {
                partialLine.append(contentsOf: bytes[index...])
                return
            }
            if partialLine.isEmpty {
                processLine(UnsafeBufferPointer(rebasing: bytes[index..<end]), into: &events)
            } else {
                partialLine.append(contentsOf: bytes[index..<end])
                let line = partialLine
                partialLine.removeAll(keepingCapacity: true)
                line.withUnsafeBufferPointer { processLine($0, into: &events) }
            }
            index = end + 1
            if bytes[end] == Self.cr {
                if index == bytes.count {
                    pendingCR = true
                } else if bytes[index] == Self.lf {
                    index += 1
                }
            }
        }
    }

    private mutating func processLine(_ line: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == Self.colon {
            commentCount += 1
            return
        }
        let field: UnsafeBufferPointer<UInt8>
        let value: UnsafeBufferPointer<UInt8>
        if let colon = line.firstIndex(of: Self.colon) {
            field = UnsafeBufferPointer(rebasing: line[..<colon])
            var valueStart = colon + 1
            if valueStart < line.count, line[valueStart] == Self.space { valueStart += 1 }
            value = UnsafeBufferPointer(rebasing: line[valueStart...])
        } else {
            field = line
            value = UnsafeBufferPointer(rebasing: line[line.count...])
        }
        if field.elementsEqual("data".utf8) {
            dataBuffer.append(contentsOf: value)
            dataBuffer.append(Self.lf)
        } else if field.elementsEqual("event".utf8) {
            eventType = String(decoding: value, as: UTF8.self)
        } else if field.elementsEqual("id".utf8) {
            // An ID containing NUL is ignored so that it can never end up in a header.
            if !value.contains(0) { lastEventIDBuffer = String(decoding: value, as: UTF8.self) }
        } else if field.elementsEqual("retry".utf8) {
            if let milliseconds = Self.parseDigits(value) { reconnectionTime = milliseconds }
        }
        // Any other field is ignored, as the spec requires.
    }

    private mutating func dispatch(into events: inout [SSEEvent]) {
        lastEventID = lastEventIDBuffer
        defer {
            dataBuffer.removeAll(keepingCapacity: true)
            eventType = ""
        }
        guard !dataBuffer.isEmpty else { return }
        dataBuffer.removeLast()  // the LF after the last data line
        events.append(
            SSEEvent(
                type: eventType.isEmpty ? "message" : eventType,
                data: String(decoding: dataBuffer, as: UTF8.self),
                lastEventID: lastEventID
            )
        )
    }

    /// ASCII digits only, as the spec requires of `retry`; saturates instead of overflowing.
    private static func parseDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var result = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, o1) = result.multipliedReportingOverflow(by: 10)
            let (added, o2) = shifted.addingReportingOverflow(Int(digit))
            result = o1 || o2 ? Int.max : added
        }
        return result
    }
}
