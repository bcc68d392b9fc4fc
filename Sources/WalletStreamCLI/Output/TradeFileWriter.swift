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
    let format: TradeRowFormat
    private var output: OutputWriter?

    init(path: String, format: TradeRowFormat) throws {
        self.path = path
        self.format = format
        var output = try OutputWriter(path: path + ".partial")
        try output.write(format.header)
        self.output = consume output
    }

    func write(_ trades: [Trade]) throws {
        let format = self.format
        try output?.append { buffer in
            for trade in trades { format.append(trade, to: &buffer) }
        }
    }

    /// Flushes, syncs, closes and renames the file into place.
    func commit() throws {
        guard let output = output.take() else { return }
        try output.close(durable: true)
        guard rename(path + ".partial", path) == 0 else {
            throw ValidationErrorMessage("cannot rename to '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
