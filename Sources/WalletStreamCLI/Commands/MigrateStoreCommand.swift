import ArgumentParser
import Foundation
import WalletStreamCore
import WalletStreamPostgres
import WalletStreamStore

/// `walletstream migrate-store`: moves a SQLite store into PostgreSQL.
struct MigrateStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-store",
        abstract: "Copy a SQLite store (trades, P&L state, sync checkpoints, API keys) into PostgreSQL.",
        discussion: """
            Safe to run again: what is already there is left as it is, so an interrupted copy resumes \
            and a second run changes nothing. Stop the servers writing to the SQLite file first.
            """)

    @Option(help: "The SQLite database file to copy.") var from: String
    @Option(help: "The postgres://user:password@host:port/database URL to copy into.") var to: String
    @Option(
        name: .customLong("db-statement-timeout"), help: "Seconds after which the server cancels any one statement.")
    var statementTimeout: Double = 300

    func run() async throws {
        let logger = makeLogger()
        guard case .sqlite(let path) = try StoreLocation(from) else {
            throw ValidationError("--from takes a SQLite file path")
        }
        guard case .postgres(let server) = try StoreLocation(to) else {
            throw ValidationError("--to takes a postgres:// URL")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw WalletStreamError(code: .storeUnavailable, message: "no database at \(path)")
        }
        let source = try SQLiteTradeStore(path: path, logger: logger)
        let report = try await StoreOptions.withPostgres(
            server, connections: 2, wait: .seconds(10), statementTimeout: .seconds(statementTimeout), logger: logger
        ) { destination in
            let bar = SharedProgressBar(unit: "trades")
            defer { bar.finish() }
            return try await StoreCopier(source: source, destination: destination).run { progress in
                bar.update(done: progress.tradesDone, total: progress.trades)
            }
        }
        printUnbuffered(
            "copied \(report.wallets.grouped) wallets from \(path) to \(server): \(report.tradesCopied.grouped) trades "
                + "(\(report.tradesAlreadyPresent.grouped) already there), \(report.signatures.grouped) sync "
                + "signatures, \(report.solFlows.grouped) SOL flows, \(report.lateTrades.grouped) journaled late "
                + "trades, \(report.tokenMetadata.grouped) token names, \(report.apiKeysCopied.grouped) API keys")
    }
}
