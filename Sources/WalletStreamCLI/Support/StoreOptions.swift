import ArgumentParser
import Foundation
import Logging
import WalletStreamCore
import WalletStreamServer
import WalletStreamStore

/// `--db PATH`, falling back to `WALLETSTREAM_DB`, then `./walletstream.sqlite`.
struct StoreOptions: ParsableArguments {
    static let defaultPath = "./walletstream.sqlite"

    @Option(name: .long, help: "SQLite database file (default: $WALLETSTREAM_DB or ./walletstream.sqlite).")
    var db: String?

    /// Where the store is; a PostgreSQL URL is recognised (and never printed with its password)
    /// but not served yet.
    func location() throws -> StoreLocation {
        try StoreLocation(db ?? ProcessInfo.processInfo.environment["WALLETSTREAM_DB"] ?? Self.defaultPath)
    }

    /// The location as messages show it (never a password).
    var shown: String { (try? location())?.description ?? "" }

    /// Opens the store; with `mustExist`, a missing file is an error rather than a new empty database.
    func open(mustExist: Bool, logger: Logger) throws -> SQLiteTradeStore {
        let path: String
        switch try location() {
        case .sqlite(let file):
            path = file
        case .postgres(let server):
            throw WalletStreamError(
                code: .storeUnavailable,
                message: "\(server): PostgreSQL stores are not available in this version yet; give a SQLite file path")
        }
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw WalletStreamError(
                code: .storeUnavailable,
                message: "no database at \(path); create one with `walletstream import FILE.csv` or `walletstream demo`"
            )
        }
        return try SQLiteTradeStore(path: path, logger: logger) { done, total in
            // Upgrading an older database builds every wallet's P&L state once.
            guard done == total || done % max(1, total / 20) == 0 else { return }
            StandardError.emit("upgrading \(path): wallet \(done) of \(total)\n")
        }
    }
}

/// Parses a wallet argument with the address validator's message.
func parseWallet(_ text: String) throws -> WalletAddress {
    try WalletAddress(validating: text)
}

/// The CLI's logger: warnings and worse to stderr unless `WALLETSTREAM_LOG_LEVEL` says otherwise.
func makeLogger(_ label: String = "walletstream", format: LogFormat = .text) -> Logger {
    var logger =
        switch format {
        case .text: Logger(label: label)
        case .json: Logger(label: label) { JSONLogHandler(label: $0) }
        }
    let level = ProcessInfo.processInfo.environment["WALLETSTREAM_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    logger.logLevel = level ?? .warning
    return logger
}

/// How the server writes its log lines.
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
