import WalletStreamCore

/// An incremental RFC 4180 reader: feed it byte chunks of any size, get complete records.
///
/// Handles quoted fields (with commas, doubled quotes and line breaks inside), LF, CRLF and
/// lone CR line endings, a UTF-8 byte-order mark at the start, and a missing final line break.
/// Blank lines are skipped. It is lenient where RFC 4180 is silent: a quote inside an unquoted
/// field, or text after a closing quote, is kept literally rather than rejected.
///
/// Pure: no I/O. The caller reads the file and calls ``feed(_:onRecord:)`` per chunk, then
/// ``finish(onRecord:)``. Each record is handed to the callback in a buffer that is reused for
/// the next one, so a caller that keeps a record keeps a copy (copy-on-write makes that safe).
public struct CSVReader: Sendable {
    private enum State: UInt8, Sendable {
        /// At the start of a field.
        case fieldStart
        /// Inside a field that did not start with a quote.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field: either a doubled quote or the closing one.
        case quoteInQuoted
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Longest record accepted; guards memory against an unterminated quote in a huge file.
    public let maxRecordBytes: Int

    private var state = State.fieldStart
    private var record = CSVRecord(line: 1)
    /// Whether the current record has any byte yet (a blank line has none).
    private var recordStarted = false
    /// The physical line the next byte is on.
    private var line = 1
    /// A CR ended the last record, so an LF right after it belongs to the same line break.
    private var skipLineFeed = false
    /// The last byte inside a quoted field was a CR, so a following LF is not a new line.
    private var carriageReturnInQuotes = false
    /// Bytes held back until we know whether the input starts with a byte-order mark.
    private var head: [UInt8] = []
    private var atStart = true

    /// A reader; `maxRecordBytes` bounds one record's unescaped size (16 MiB by default).
    public init(maxRecordBytes: Int = 16 << 20) {
        self.maxRecordBytes = maxRecordBytes
    }

    /// Number of complete physical lines consumed so far.
    public var linesRead: Int { line - 1 }

    /// Consumes `bytes` and calls `onRecord` for every record they complete.
    ///
    /// Throws what `onRecord` throws, or an `.invalidInput` error when a record exceeds
    /// ``maxRecordBytes``.
    public mutating func feed(
        _ bytes: some Collection<UInt8>, onRecord: (CSVRecord) throws -> Void
    ) throws {
        if atStart {
            // The mark may arrive split across chunks; hold bytes until it is decided.
            head.append(contentsOf: bytes)
            if head.count < 3, Self.byteOrderMark.starts(with: head) { return }
            atStart = false
            let skip = head.starts(with: Self.byteOrderMark) ? 3 : 0
            let pending = head
            head = []
            try pending.withUnsafeBufferPointer { buffer in
                try consume(UnsafeBufferPointer(rebasing: buffer[skip...]), onRecord: onRecord)
            }
            return
        }
        let done: Void? = try bytes.withContiguousStorageIfAvailable { buffer in
            try consume(buffer, onRecord: onRecord)
        }
        if done == nil {
            try Array(bytes).withUnsafeBufferPointer { buffer in
                try consume(buffer, onRecord: onRecord)
            }
        }
    }

    /// Ends the input: emits a last record that had no final line break.
    ///
    /// Throws an `.invalidInput` error when the input ends inside a quoted field.
    public mutating func finish(onRecord: (CSVRecord) throws -> Void) throws {
        if atStart {
            atStart = false
            let pending = head
            head = []
            try pending.withUnsafeBufferPointer { try consume($0, onRecord: onRecord) }
        }
        switch state {
        case .quoted:
            throw WalletStreamError(
                code: .invalidInput,
                message: "line \(record.line): quoted field is not closed before the end of the input")
        case .fieldStart where !recordStarted:
            return
        default:
            try endRecord(onRecord: onRecord)
        }
    }

    private mutating func consume(
        _ input: UnsafeBufferPointer<UInt8>, onRecord: (CSVRecord) throws -> Void
    ) throws {
        var index = 0
        let count = input.count
        while index < count {
            switch state {
            case .fieldStart:
                let byte = input[index]
                if skipLineFeed {
                    skipLineFeed = false
                    if byte == Self.lineFeed {
                        index += 1
                        continue
                    }
                }
                if !recordStarted {
                    if byte == Self.lineFeed || byte == Self.carriageReturn {
                        // A blank line: count it, emit nothing.
                        line += 1
                        skipLineFeed = byte == Self.carriageReturn
                        index += 1
                        continue
                    }
                    recordStarted = true
                    record.line = line
                }
                switch byte {
                case Self.quote:
                    state = .quoted
                    index += 1
                case Self.comma:
                    record.ends.append(record.storage.count)
                    index += 1
                case Self.lineFeed, Self.carriageReturn:
                    try endLine(byte, onRecord: onRecord)
                    index += 1
                default:
                    state = .unquoted
                }

            case .unquoted:
                let start = index
                while index < count {
                    let byte = input[index]
                    if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                record.storage.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<index]))
                guard index < count else { break }
                let byte = input[index]
                index += 1
                if byte == Self.comma {
                    record.ends.append(record.storage.count)
                    state = .fieldStart
                } else {
                    try endLine(byte, onRecord: onRecord)
                }

            case .quoted:
                let start = index
                while index < count {
                    let byte = input[index]
                    if byte == Self.quote || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                if index > start {
                    record.storage.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<index]))
                    carriageReturnInQuotes = false
                }
                guard index < count else { break }
                let byte = input[index]
                index += 1
                if byte == Self.quote {
                    carriageReturnInQuotes = false
                    state = .quoteInQuoted
                } else {
                    // A line break inside quotes is data, but still a new physical line.
                    if byte == Self.carriageReturn || !carriageReturnInQuotes { line += 1 }
                    carriageReturnInQuotes = byte == Self.carriageReturn
                    record.storage.append(byte)
                }

            case .quoteInQuoted:
                let byte = input[index]
                index += 1
                switch byte {
                case Self.quote:
                    record.storage.append(Self.quote)
                    state = .quoted
                case Self.comma:
                    record.ends.append(record.storage.count)
                    state = .fieldStart
                case Self.lineFeed, Self.carriageReturn:
                    try endLine(byte, onRecord: onRecord)
                default:
                    record.storage.append(byte)
                    state = .unquoted
                }
            }
        }
        if record.storage.count > maxRecordBytes {
            throw WalletStreamError(
                code: .invalidInput,
                message: "line \(record.line): record is longer than \(maxRecordBytes) bytes")
        }
    }

    /// A line break outside quotes: the current record is complete.
    private mutating func endLine(_ byte: UInt8, onRecord: (CSVRecord) throws -> Void) throws {
        line += 1
        skipLineFeed = byte == Self.carriageReturn
        try endRecord(onRecord: onRecord)
    }

    private mutating func endRecord(onRecord: (CSVRecord) throws -> Void) throws {
        record.ends.append(record.storage.count)
        state = .fieldStart
        recordStarted = false
        try onRecord(record)
        record.reset(line: line)
    }
}
