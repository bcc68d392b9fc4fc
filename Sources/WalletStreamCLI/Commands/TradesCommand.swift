import ArgumentParser
import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// `walletstream trades ADDRESS`: list stored trades in the total order.
struct TradesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trades",
        abstract: "List a stored wallet's trades in the total order (all of them unless --limit is given).")

    /// `json` is one object; the others are the row formats of ``TradeRowFormat``.
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, ndjson, csv }
    enum Order: String, ExpressibleByArgument, CaseIterable { case asc, desc }

    @Argument(help: "Wallet address (base58).") var address: String
    @Option(help: "Output format: json ({\"trades\", \"next_cursor\"}), ndjson or csv.") var format: Format = .json
    @Option(help: "At most this many trades; prints the cursor to continue from.") var limit: Int?
    @Option(help: "Start after this cursor (from next_cursor or an SSE event id).") var after: String?
    @Option(help: "asc (oldest first) or desc.") var order: Order = .asc
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let wallet = try parseWallet(address)
        let cursor = try after.map { try TradeCursor(decoding: $0, wallet: wallet) }
        try await store.withStore(mustExist: true, logger: makeLogger()) { trades in
            try await trades.requireWallet(wallet)
            var output = OutputWriter()
            var remaining = limit ?? Int.max
            var next = cursor
            var written = 0
            let rows = TradeRowFormat(rawValue: format.rawValue)
            try output.write(rows?.header ?? "{\"trades\":[")
            repeat {
                let page = try await trades.page(
                    wallet: wallet, after: next, limit: min(1000, remaining),
                    order: order == .asc ? .ascending : .descending)
                for trade in page.trades {
                    try output.append { buffer in
                        if let rows {
                            rows.append(trade, to: &buffer)
                        } else {
                            if written > 0 { buffer.append(UInt8(ascii: ",")) }
                            trade.appendJSON(to: &buffer)
                        }
                    }
                    written += 1
                }
                remaining -= page.trades.count
                next = page.nextCursor
            } while next != nil && remaining > 0
            let continuation = limit != nil && remaining == 0 ? next?.encoded : nil
            if format == .json {
                try output.write("],\"next_cursor\":" + (continuation.map { "\"\($0)\"" } ?? "null") + "}\n")
            } else if let continuation {
                StandardError.emit("next cursor: \(continuation)\n")
            }
            try output.close()
        }
    }
}
