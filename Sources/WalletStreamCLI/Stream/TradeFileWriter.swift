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
    private var json = JSONWriter(capacity: 1024)

    /// Flush threshold: large enough to make syscalls rare, small enough to bound memory.
    private static let flushBytes = 1 << 20

    static let csvHeader =
        "signature,slot,timestamp,leg,venue,side,sold_mint,sold_symbol,sold_amount,"
        + "bought_mint,bought_symbol,bought_amount,sol_amount,usd_value,fee_sol\n"

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
        if format == .csv { buffer.append(contentsOf: Self.csvHeader.utf8) }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func write(_ trades: [Trade]) throws {
        for trade in trades {
            switch format {
            case .ndjson:
                json.bytes.removeAll(keepingCapacity: true)
                json.trade(trade)
                buffer.append(contentsOf: json.bytes)
                buffer.append(UInt8(ascii: "\n"))
            case .csv:
                appendCSVRow(trade)
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

    private func appendCSVRow(_ trade: Trade) {
        appendField(trade.signature)
        appendField(String(trade.slot))
        // Timestamps never need quoting: append them without an intermediate String.
        UTCTimestamp.append(trade.blockTime, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        appendField(String(trade.leg))
        appendField(trade.venue)
        appendField(trade.side.rawValue)
        appendField(trade.sold.mint)
        appendField(trade.sold.symbol)
        appendField(trade.sold.amount.description)
        appendField(trade.bought.mint)
        appendField(trade.bought.symbol)
        appendField(trade.bought.amount.description)
        appendField(trade.solAmount?.description ?? "")
        appendField(trade.usdValue?.description ?? "")
        appendField(trade.feeSOL?.description ?? "", last: true)
    }

    /// Appends one RFC 4180 field: quoted, with quotes doubled, when it holds a comma, quote,
    /// CR or LF, or leading or trailing spaces that readers would otherwise trim.
    private func appendField(_ value: String, last: Bool = false) {
        let utf8 = value.utf8
        let needsQuotes =
            utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
        if needsQuotes {
            buffer.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        } else {
            buffer.append(contentsOf: utf8)
        }
        buffer.append(last ? UInt8(ascii: "\n") : UInt8(ascii: ","))
    }
}

/// `write(2)`, named apart from ``TradeFileWriter/write(_:)`` so that the member does not shadow it.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
