import ArgumentParser
import Foundation
import Logging
import WalletStreamClient
import WalletStreamCore

/// `walletstream stream ADDRESS`: streams a wallet's trades from a server, optionally saving them
/// to a file, and prints the wallet's P&L summary.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Stream a wallet's trades and P&L from a WalletStream server.",
        discussion: """
            Reconnects automatically when the connection drops, resuming after the last trade \
            received. Progress is shown on standard error when it is a terminal; the summary \
            goes to standard output.
            """
    )

    @Argument(help: "The wallet address (base58).")
    var address: String

    @Option(help: "The server's base URL.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "Trades per batch (1 or more); the server's default if omitted.")
    var batchSize: Int?

    @Option(name: [.short, .long], help: "Write the trades to this file.")
    var output: String?

    @Option(help: "Format of --output: ndjson or csv.")
    var format: TradeRowFormat = .ndjson

    @Option(help: "Reconnection attempts without progress before giving up.")
    var maxReconnects = 10

    @Flag(help: "Log connection details to standard error.")
    var verbose = false

    @Option(help: "API key for a server that requires one (default: $WALLETSTREAM_API_KEY).")
    var apiKey: String?

    @Flag(
        help: ArgumentHelp(
            "After the history, keep streaming new trades until interrupted.",
            discussion: "Every trade (history, then live) is printed to standard output as one line of JSON; "
                + "late trades are printed with \"correction\": true; summaries go to standard error."))
    var follow = false

    func validate() throws {
        do {
            _ = try WalletAddress(validating: address)
        } catch {
            throw ValidationError(error.message)
        }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if follow, output != nil {
            throw ValidationError("--follow prints trades to standard output; it cannot be combined with --output")
        }
        guard maxReconnects >= 0 else { throw ValidationError("--max-reconnects must not be negative") }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ValidationError("--url must start with http:// or https://")
        }
    }

    mutating func run() async throws {
        let wallet = try WalletAddress(validating: address)
        let logger = Logger(label: "walletstream.stream") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .critical
            return handler
        }
        let configuration = WalletStreamClientConfiguration(
            maxReconnectAttempts: maxReconnects,
            apiKey: apiKey ?? ProcessInfo.processInfo.environment["WALLETSTREAM_API_KEY"])
        let file = try output.map { try TradeFileWriter(path: $0, format: format) }
        var progress = StandardError.isTerminal ? ProgressBar() : nil
        // The server's summary is authoritative; this one only stands in if none arrives.
        var localPnL = PnLEngine(wallet: wallet)

        let outcome: StreamOutcome
        do {
            // An own HTTPClient, for its read timeout: a silently dead connection must not hang us.
            outcome = try await WalletStreamClient.withClient(
                baseURL: url, configuration: configuration, logger: logger
            ) { client in
                try await client.stream(wallet: wallet.rawValue, batchSize: batchSize, follow: follow) { update in
                    switch update {
                    case .trades(let trades, _):
                        try file?.write(trades)
                        if follow { try Self.printLines(trades, correction: false) }
                        for trade in trades { localPnL.consume(trade) }
                    case .correction(let trades):
                        try Self.printLines(trades, correction: true)
                    case .liveSummary(let summary):
                        progress?.end()
                        progress = nil
                        StandardError.emit(
                            "live: \(summary.trades) trades, realized \(summary.realizedPnLSOL) SOL "
                                + "(\(summary.lastTradeAt ?? "no trades")); waiting for new trades\n")
                    case .progress(let status):
                        progress?.update(
                            percentage: status.percentage, sent: status.tradesSent, total: status.totalTrades)
                    case .reconnecting(let attempt, let delay):
                        progress?.end()
                        StandardError.emit(
                            "connection lost; reconnecting (attempt \(attempt)) in \(Self.seconds(delay))\n")
                    case .serverError(let error):
                        progress?.end()
                        StandardError.emit("server: \(error.error) [\(error.code)]\n")
                    case .connected, .summary, .complete, .heartbeat:
                        break
                    }
                }
            }
            progress?.end()
            try file?.commit()
        } catch let error as WalletStreamError {
            progress?.end()
            StandardError.emit("error: \(error.message) [\(error.code)]\n")
            throw ExitCode.failure
        }

        let summary = outcome.summary ?? localPnL.summary()
        print(Self.report(summary, outcome: outcome, file: file))
    }

    /// `trades` as lines of JSON on standard output, unbuffered (a pipe sees each batch at once).
    static func printLines(_ trades: [Trade], correction: Bool) throws {
        guard !trades.isEmpty else { return }
        var lines = ""
        for trade in trades {
            var line = String(decoding: try trade.jsonBytes(), as: UTF8.self)
            if correction { line = String(line.dropLast()) + ",\"correction\":true}" }
            lines += line + "\n"
        }
        printUnbuffered(String(lines.dropLast()))
    }

    /// `delay` for people: `250ms` below a second, else seconds with one decimal, e.g. `1.2s`.
    static func seconds(_ delay: Duration) -> String {
        let milliseconds = delay.wholeMilliseconds
        guard milliseconds >= 1_000 else { return "\(milliseconds)ms" }
        return "\(milliseconds / 1_000).\(milliseconds % 1_000 / 100)s"
    }

    /// The human-readable end-of-stream report.
    static func report(_ summary: WalletSummary, outcome: StreamOutcome, file: TradeFileWriter?) -> String {
        var lines = [
            "wallet        \(summary.wallet)",
            "trades        \(summary.trades) (received \(outcome.tradesDelivered))",
            "buys          \(summary.buys)",
            "sells         \(summary.sells)",
            "swaps         \(summary.swaps)",
            "realized P&L  \(summary.realizedPnLSOL) SOL / \(summary.realizedPnLUSD) USD",
            "win rate      \(summary.winRatePct.map { "\($0)%" } ?? "n/a")",
            "reconnects    \(outcome.reconnects)",
        ]
        if let file { lines.append("output        \(file.path) (\(file.format.rawValue))") }
        return lines.joined(separator: "\n")
    }
}
