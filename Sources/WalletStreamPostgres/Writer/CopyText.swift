import NIOCore

/// Rows in `COPY`'s text format: fields separated by tabs, rows ended by a newline, `\N` for
/// NULL, and backslash, tab, newline and carriage return escaped in text.
struct CopyText {
    private(set) var buffer: ByteBuffer
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    mutating func field(_ value: Int64, last: Bool = false) {
        buffer.writeString(String(value))
        end(last)
    }

    mutating func field(_ value: String?, last: Bool = false) {
        guard let value else {
            buffer.writeStaticString("\\N")
            return end(last)
        }
        let special: (UInt8) -> Bool = {
            $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard value.utf8.contains(where: special) else {
            buffer.writeString(value)
            return end(last)
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
        end(last)
    }

    /// The rows written so far; the builder starts again empty.
    mutating func take() -> ByteBuffer {
        defer { buffer = ByteBufferAllocator().buffer(capacity: capacity) }
        return buffer
    }

    private mutating func end(_ last: Bool) {
        buffer.writeInteger(last ? UInt8(ascii: "\n") : UInt8(ascii: "\t"))
    }
}
