import ArgumentParser
import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// `walletstream analyze ADDRESS`: the FIFO P&L summary and the per-token table.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Show a stored wallet's FIFO P&L summary and per-token table.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "Wallet address (base58).") var address: String
    @Option(help: "Output format: table or json.") var format: Format = .table
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let wallet = try parseWallet(address)
        let trades = try store.open(mustExist: true, logger: makeLogger())
        try await trades.requireWallet(wallet)
        let summary = try await trades.summary(of: wallet)
        switch format {
        case .json: print(try summary.prettyJSON())
        case .table: print(SummaryTable.render(summary))
        }
    }
}

/// Renders a summary for a terminal.
enum SummaryTable {
    static func render(_ summary: WalletSummary) -> String {
        var lines = [
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
            "",
        ]
        let header = [
            "SYMBOL", "MINT", "BUYS", "SELLS", "REALIZED SOL", "REALIZED USD", "OPEN QTY", "OPEN COST SOL",
            "UNMATCHED",
        ]
        var rows = [header]
        for token in summary.tokens {
            rows.append([
                String(token.symbol.prefix(14)), shortMint(token.mint), String(token.buys), String(token.sells),
                fixed(token.realizedPnLSOL, 4), fixed(token.realizedPnLUSD, 2), fixed(token.openQuantity, 2),
                fixed(token.openCostSOL, 4), fixed(token.unmatchedQuantity, 2),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 2 ? cell + pad : pad + cell
            }
            lines.append(cells.joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
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
