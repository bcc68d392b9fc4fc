import WalletStreamCore

/// One CSV record: its unescaped fields and the physical line where it starts.
///
/// The fields share one byte buffer (no `String` per field) so that reading a million rows
/// allocates almost nothing; decode a field to `String` only when it is needed.
public struct CSVRecord: Sendable, Hashable {
    /// The 1-based physical line on which the record starts.
    public internal(set) var line: Int
    /// Every field's bytes, back to back.
    @usableFromInline var storage: [UInt8]
    /// The end offset in `storage` of each field.
    @usableFromInline var ends: [Int]

    init(line: Int) {
        self.line = line
        storage = []
        storage.reserveCapacity(1024)
        ends = []
        ends.reserveCapacity(64)
    }

    /// A record with the given fields, for tests and callers that build records themselves.
    public init(line: Int, fields: [String]) {
        self.init(line: line)
        for field in fields {
            storage.append(contentsOf: field.utf8)
            ends.append(storage.count)
        }
    }

    /// Number of fields.
    @inlinable public var count: Int { ends.count }

    @usableFromInline func bounds(_ index: Int) -> Range<Int> {
        guard index >= 0, index < ends.count else { return 0..<0 }
        return (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }

    /// Calls `body` with the bytes of field `index`; an index past the end gives an empty field.
    @inlinable public func withField<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = bounds(index)
        return try storage.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[range]))
        }
    }

    /// Whether field `index` is empty (or absent).
    @inlinable public func isEmpty(at index: Int) -> Bool { bounds(index).isEmpty }

    /// Field `index` decoded as UTF-8 (invalid sequences become U+FFFD); empty when absent.
    public func string(at index: Int) -> String {
        String(decoding: storage[bounds(index)], as: UTF8.self)
    }

    /// Whether field `index` is exactly the ASCII/UTF-8 text `text`, without decoding it.
    public func field(_ index: Int, equals text: StaticString) -> Bool {
        let range = bounds(index)
        guard range.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { storage[range].elementsEqual($0) }
    }

    /// All fields decoded as strings.
    public var fields: [String] { (0..<count).map { string(at: $0) } }

    mutating func reset(line: Int) {
        self.line = line
        storage.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }
}
