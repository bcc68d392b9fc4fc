import ArgumentParser
import WalletStreamCore
import WalletStreamIngest

/// `walletstream import FILE.csv`: load a tracker CSV export into the store.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a wallet tracker CSV export (swap rows become trades; other rows are counted and skipped).",
        discussion: """
            The import is one transaction: a malformed row aborts it and nothing is stored, unless \
            --skip-invalid is given, which stores the good rows and lists each bad line. Re-importing \
            the same file stores nothing new.
            """)

    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Skip malformed rows (listing each) instead of aborting the import.") var skipInvalid = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let logger = makeLogger()
        try await store.withStore(mustExist: false, logger: logger) { trades in
            let importer = CSVImporter(store: trades, logger: logger)
            let bar = SharedProgressBar(unit: "KB")
            let report: ImportReport
            do {
                report = try await importer.importFile(
                    at: file, options: ImportOptions(skipInvalid: skipInvalid),
                    progress: { progress in
                        bar.update(done: Int(progress.bytesRead / 1024), total: Int(progress.totalBytes / 1024))
                    })
            } catch {
                bar.finish()
                throw error
            }
            bar.finish()
            for invalid in report.invalidLines {
                StandardError.emit("skipped line \(invalid.line): \(invalid.message)\n")
            }
            if report.invalidCount > report.invalidLines.count {
                StandardError.emit(
                    "… and \((report.invalidCount - report.invalidLines.count).grouped) more invalid lines\n")
            }
            print(report.summaryLine)
            for wallet in report.wallets {
                print("wallet \(wallet): try `walletstream analyze \(wallet)`")
            }
        }
    }
}
