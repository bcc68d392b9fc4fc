import Logging
import Synchronization
import WalletStreamCore
import WalletStreamStore

/// Imports a wallet tracker's trade-history CSV into a ``TradeStore``.
///
/// The file is streamed in chunks through ``CSVReader`` and every trade goes to the store
/// inside one ``TradeStore/insertAtomically(_:)`` transaction: an import stores all its rows or,
/// if it fails, none. Re-importing a file stores nothing new (trades are keyed by wallet,
/// signature and leg), so an interrupted import can simply be run again.
public struct CSVImporter: Sendable {
    public let store: any TradeStore
    public let logger: Logger

    public init(
        store: any TradeStore,
        logger: Logger = Logger(label: "walletstream.import", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.logger = logger
    }

    /// Imports the CSV at `path`.
    ///
    /// - Throws: `.fileUnreadable` naming the path and the reason when the file cannot be read;
    ///   `.invalidInput` for a bad header, for the first malformed row unless
    ///   `options.skipInvalid`, or for broken CSV quoting; store errors as the store throws them.
    public func importFile(
        at path: String, options: ImportOptions = ImportOptions(),
        progress: (@Sendable (ImportProgress) -> Void)? = nil
    ) async throws -> ImportReport {
        let clock = ContinuousClock()
        let start = clock.now
        // Open once up front so that a missing file fails before a write transaction starts.
        let totalBytes = try InputFile(path: path).size
        logger.debug("import started", metadata: ["path": "\(path)", "bytes": "\(totalBytes)"])

        let outcome = Mutex<ImportTally?>(nil)
        let counts = try await store.insertAtomically { sink in
            let tally = try Self.run(path: path, options: options, sink: &sink, progress: progress)
            outcome.withLock { $0 = tally }
        }
        let tally = outcome.withLock { $0 } ?? ImportTally()
        let report = ImportReport(
            path: path, rowsRead: tally.rowsRead, tradesStored: counts.inserted,
            alreadyPresent: counts.alreadyPresent, skippedByType: tally.skippedByType,
            invalidCount: tally.invalidCount, invalidLines: tally.invalidLines,
            wallets: tally.wallets.sorted(), elapsed: clock.now - start)
        logger.debug("import finished", metadata: ["path": "\(path)", "summary": "\(report.summaryLine)"])
        return report
    }

    /// Reads the whole file into `sink`; runs inside the store's transaction, so any throw
    /// rolls back everything already added.
    private static func run(
        path: String, options: ImportOptions, sink: inout any TradeSink,
        progress: (@Sendable (ImportProgress) -> Void)?
    ) throws -> ImportTally {
        let file = try InputFile(path: path)
        var reader = CSVReader()
        var tally = ImportTally()
        var schema: TrackerCSVSchema?
        var bytesRead: Int64 = 0
        var lastWallet: WalletAddress?

        func handle(_ record: CSVRecord) throws {
            guard let schema else {
                schema = try TrackerCSVSchema(header: record)
                return
            }
            tally.rowsRead += 1
            let row: TrackerCSVRow
            do {
                row = try TrackerCSVRow(record, schema: schema, knownWallet: lastWallet)
            } catch {
                guard options.skipInvalid else { throw error }
                tally.recordInvalid(line: record.line, message: error.message, limit: options.maxListedInvalidLines)
                return
            }
            switch row {
            case .trade(let wallet, let trade):
                try sink.add(trade, wallet: wallet)
                if wallet != lastWallet {
                    tally.wallets.insert(wallet)
                    lastWallet = wallet
                }
            case .skipped(let txType):
                tally.skippedByType[txType, default: 0] += 1
            }
        }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: options.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            if count == 0 { break }
            bytesRead += Int64(count)
            try reader.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), onRecord: handle)
            progress?(ImportProgress(bytesRead: bytesRead, totalBytes: file.size, rowsRead: tally.rowsRead))
        }
        try reader.finish(onRecord: handle)
        guard schema != nil else {
            throw WalletStreamError(code: .invalidInput, message: "\(path) is empty; expected a CSV header row")
        }
        return tally
    }
}

/// Counters of one import run, handed out of the store's transaction closure.
struct ImportTally: Sendable {
    var rowsRead = 0
    var skippedByType: [String: Int] = [:]
    var invalidCount = 0
    var invalidLines: [InvalidLine] = []
    var wallets: Set<WalletAddress> = []

    mutating func recordInvalid(line: Int, message: String, limit: Int) {
        invalidCount += 1
        if invalidLines.count < limit { invalidLines.append(InvalidLine(line: line, message: message)) }
    }
}
