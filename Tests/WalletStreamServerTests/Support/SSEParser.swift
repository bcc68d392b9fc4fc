/// One thing read from an SSE stream, in arrival order.
enum SSEItem: Sendable, Equatable {
    /// A dispatched event (`event:` defaults to `message`).
    case event(SSEEvent)
    /// A comment line, without the leading colon (`: ping` gives " ping").
    case comment(String)
    /// A `retry:` field.
    case retry(Int)
}

struct SSEEvent: Sendable, Equatable {
    var name: String
    var data: String
    var id: String?
}

/// A small, test-only SSE parser (WHATWG rules): lines end in LF, CRLF or CR; a blank line
/// dispatches the fields gathered so far; `data:` lines join with LF; one space after the colon
/// is dropped.
struct SSEParser {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var name = ""
    private var data: [String] = []
    private var id: String?
    private var hasData = false

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEItem] {
        var items: [SSEItem] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == UInt8(ascii: "\n") { continue }
            }
            switch byte {
            case UInt8(ascii: "\n"):
                endLine(into: &items)
            case UInt8(ascii: "\r"):
                lastWasCR = true
                endLine(into: &items)
            default:
                line.append(byte)
            }
        }
        return items
    }

    private mutating func endLine(into items: inout [SSEItem]) {
        let text = String(decoding: line, as: UTF8.self)
        line.removeAll(keepingCapacity: true)
        if text.isEmpty {
            if hasData {
                items.append(
                    .event(SSEEvent(name: name.isEmpty ? "message" : name, data: data.joined(separator: "\n"), id: id)))
            }
            name = ""
            data = []
            id = nil
            hasData = false
            return
        }
        if text.hasPrefix(":") {
            items.append(.comment(String(text.dropFirst())))
            return
        }
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = text[...]
            value = ""
        }
        switch field {
        case "event": name = String(value)
        case "data":
            data.append(String(value))
            hasData = true
        case "id": id = String(value)
        case "retry":
            if let milliseconds = Int(value) { items.append(.retry(milliseconds)) }
        default: break
        }
    }
}
