import WalletStreamCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes streamed trades to a file as NDJSON or CSV.
///
/// Output goes to `<path>.partial` and is renamed to `path` only by ``commit()``, so an
/// interrupted stream never leaves a file that looks complete.
final class TradeFileWriter {
    let path: String
    let format: TradeFileFormat
    private let partialPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []

    /// Flush threshold: large enough to make syscalls rare, small enough to bound memory.
    private static let flushBytes = 1 << 20

    init(path: String, format: TradeFileFormat) throws {
        self.path = path
        self.format = format
        partialPath = path + ".partial"
        descriptor = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WalletStreamError(
                code: .fileUnreadable, message: "cannot create '\(partialPath)': \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(Self.flushBytes + 4096)
        if format == .csv { buffer.append(contentsOf: TradeCSVWriter.header.utf8) }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func write(_ trades: [Trade]) throws {
        for trade in trades {
            switch format {
            case .ndjson:
                trade.appendJSON(to: &buffer)
                buffer.append(UInt8(ascii: "\n"))
            case .csv:
                TradeCSVWriter.appendRow(trade, to: &buffer)
            }
        }
        if buffer.count >= Self.flushBytes { try flush() }
    }

    /// Flushes, closes and renames the file into place.
    func commit() throws {
        try flush()
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            descriptor = -1
            throw ioError("cannot write")
        }
        descriptor = -1
        guard rename(partialPath, path) == 0 else { throw ioError("cannot rename to '\(path)'") }
    }

    private func flush() throws {
        var offset = 0
        try buffer.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let written = writeBytes(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw ioError("cannot write") }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func ioError(_ what: String) -> WalletStreamError {
        WalletStreamError(
            code: .fileUnreadable, message: "\(what) '\(partialPath)': \(String(cString: strerror(errno)))")
    }
}

/// `write(2)`, named apart from ``TradeFileWriter/write(_:)`` so that the member does not shadow it.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
