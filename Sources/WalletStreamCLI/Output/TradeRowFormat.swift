import ArgumentParser
import WalletStreamCore
import WalletStreamWire

/// The row-per-trade export formats (`trades --format`, `stream --format`): the one place that
/// switches between them.
enum TradeRowFormat: String, CaseIterable, ExpressibleByArgument {
    /// One trade JSON object per line, exactly the API's trade form.
    case ndjson
    /// RFC 4180 CSV with a header row; token legs flattened into columns.
    case csv

    /// What comes before the first row.
    var header: String {
        switch self {
        case .ndjson: ""
        case .csv: TradeCSVWriter.header
        }
    }

    /// Appends `trade` as one row, newline included.
    func append(_ trade: Trade, to buffer: inout [UInt8]) {
        switch self {
        case .ndjson:
            trade.appendJSON(to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
        case .csv:
            TradeCSVWriter.appendRow(trade, to: &buffer)
        }
    }
}
