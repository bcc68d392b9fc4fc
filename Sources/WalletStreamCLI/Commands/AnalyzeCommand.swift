import ArgumentParser
import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// `walletstream analyze ADDRESS`: the FIFO P&L summary and the per-token table, read from the
/// P&L state the store keeps, the table a page at a time.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Show a stored wallet's FIFO P&L summary and per-token table.",
        discussion: """
            json: {"summary": {...}, "tokens": [...]}; ndjson: the summary on the first line, then one \
            token per line; table: for people. Tokens are ranked by realized SOL P&L, best first.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, ndjson }

    @Argument(help: "Wallet address (base58).") var address: String
    @Option(help: "Output format: table, json or ndjson.") var format: Format = .table
    @Option(help: "List at most this many tokens (all by default; 0 for the summary only).") var tokens: Int?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let tokens, tokens < 0 { throw ValidationError("--tokens must not be negative") }
    }

    func run() async throws {
        let wallet = try parseWallet(address)
        try await store.withStore(mustExist: true, logger: makeLogger()) { trades in
            try await trades.requireWallet(wallet)
            let summary = try await trades.summary(of: wallet)
            var output = OutputWriter()
            switch format {
            case .json:
                try output.append { buffer in
                    JSONWriter.append(to: &buffer) {
                        $0.raw("{\"summary\":"); $0.summary(summary)
                    }
                }
                try output.write(",\"tokens\":[")
            case .ndjson:
                try output.append { buffer in JSONWriter.append(to: &buffer) { $0.summary(summary) } }
                try output.write("\n")
            case .table:
                try output.write(SummaryTable.render(summary) + "\n\n" + SummaryTable.header + "\n")
            }
            var written = 0
            var pending: [TokenSummary] = []
            // A page at a time: names and open-position values are looked up per page.
            try await trades.forEachToken(of: wallet, limit: tokens ?? .max) { token in
                pending.append(token)
                guard pending.count == 500 else { return }
                let valued = try await TokenValuation.enrich(pending, of: wallet, store: trades)
                try Self.write(valued, format: format, written: &written, to: &output)
                pending.removeAll(keepingCapacity: true)
            }
            let valued = try await TokenValuation.enrich(pending, of: wallet, store: trades)
            try Self.write(valued, format: format, written: &written, to: &output)
            if format == .json { try output.write("]}\n") }
            try output.close()
        }
    }
}

extension AnalyzeCommand {
    /// Writes token rows in `format`; `written` counts the rows so far (for JSON's commas).
    static func write(
        _ tokens: [TokenSummary], format: Format, written: inout Int, to output: inout OutputWriter
    ) throws {
        for token in tokens {
            let first = written == 0
            try output.append { buffer in
                switch format {
                case .json:
                    JSONWriter.append(to: &buffer) { json in
                        if !first { json.byte(UInt8(ascii: ",")) }
                        json.tokenSummary(token)
                    }
                case .ndjson:
                    JSONWriter.append(to: &buffer) { $0.tokenSummary(token) }
                    buffer.append(UInt8(ascii: "\n"))
                case .table:
                    buffer.append(contentsOf: SummaryTable.row(token).utf8)
                    buffer.append(UInt8(ascii: "\n"))
                }
            }
            written += 1
        }
    }
}

/// Renders a summary for a terminal.
enum SummaryTable {
    static func render(_ summary: WalletSummary) -> String {
        let lines = [
            "Wallet          \(summary.wallet)",
            "Period          \(summary.firstTradeAt ?? "-") → \(summary.lastTradeAt ?? "-")",
            "Trades          \(summary.trades.grouped) (\(summary.buys.grouped) buys, \(summary.sells.grouped) sells, "
                + "\(summary.swaps.grouped) token↔token swaps)",
            "Tokens          \(summary.uniqueTokens.grouped)",
            "Volume          \(fixed(summary.volumeSOL, 4)) SOL / $\(fixed(summary.volumeUSD, 2))",
            "Realized P&L    \(fixed(summary.realizedPnLSOL, 4)) SOL / $\(fixed(summary.realizedPnLUSD, 2))",
            "Win rate        \(summary.winRatePct.map { "\($0)%" } ?? "-")",
            "Best token      \(ranking(summary.bestToken))",
            "Worst token     \(ranking(summary.worstToken))",
        ]
        return lines.joined(separator: "\n")
    }

    /// Fixed column widths: the table is printed a page at a time, never held whole.
    static let columns: [(title: String, width: Int)] = [
        ("SYMBOL", 14), ("NAME", 20), ("MINT", 11), ("BUYS", 6), ("SELLS", 6), ("REALIZED SOL", 16),
        ("REALIZED USD", 16), ("OPEN QTY", 20), ("OPEN COST SOL", 14), ("OPEN VALUE USD", 16),
        ("UNREALIZED USD", 16), ("UNMATCHED", 16),
    ]

    static var header: String {
        line(columns.map(\.title)) + "\n"
            + columns.map { String(repeating: "-", count: $0.width) }.joined(separator: "  ")
    }

    static func row(_ token: TokenSummary) -> String {
        line([
            String(token.symbol.prefix(14)), String((token.name ?? "-").prefix(20)), shortMint(token.mint),
            String(token.buys), String(token.sells), fixed(token.realizedPnLSOL, 4), fixed(token.realizedPnLUSD, 2),
            fixed(token.openQuantity, 2), fixed(token.openCostSOL, 4), token.openValueUSD.map { fixed($0, 2) } ?? "-",
            token.unrealizedPnLUSD.map { fixed($0, 2) } ?? "-", fixed(token.unmatchedQuantity, 2),
        ])
    }

    /// Text columns left-aligned, numbers right-aligned; a longer cell widens its column.
    static func line(_ cells: [String]) -> String {
        zip(cells, columns).enumerated().map { index, pair in
            let (cell, column) = pair
            let pad = String(repeating: " ", count: max(0, column.width - cell.count))
            return index < 3 ? cell + pad : pad + cell
        }.joined(separator: "  ")
    }

    static func ranking(_ token: TokenRanking?) -> String {
        guard let token else { return "-" }
        return "\(token.symbol) (\(shortMint(token.mint))) \(fixed(token.realizedPnLSOL, 4)) SOL"
    }

    static func shortMint(_ mint: String) -> String {
        mint.count > 12 ? "\(mint.prefix(4))…\(mint.suffix(4))" : mint
    }

    /// Exact amount rounded for display only.
    static func fixed(_ amount: Amount, _ decimals: Int) -> String {
        amount.rounded(toDecimals: decimals).description
    }
}
