import Foundation
import WalletStreamCore
import WalletStreamIngest

/// What the simulator takes from the sample wallet's exported trade history (the tracker CSV's
/// `token0_…`/`token1_…` columns): the real symbols and names of its mints, for the DAS
/// answers, and the SOL/USD price each SOL trade implies (its USD value over its SOL amount),
/// for the price history of those minutes.
struct SampleExport: Sendable {
    struct Names: Sendable, Hashable {
        var symbol: String
        var name: String
    }

    let byMint: [String: Names]
    /// Minute start (Unix seconds) → SOL/USD price implied by the first SOL trade of the minute.
    let solPrices: [Int64: Amount]

    /// Reads the CSV at `path`; nil when it is missing or has no token columns.
    init?(csvPath path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var reader = CSVReader()
        var header: [String: Int]?
        var names: [String: Names] = [:]
        var prices: [Int64: Amount] = [:]
        func record(_ record: CSVRecord) {
            guard let columns = header else {
                header = Dictionary(record.fields.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }
                return
            }
            func field(_ name: String) -> String? {
                guard let column = columns[name], column < record.count else { return nil }
                return record.string(at: column)
            }
            for side in ["token0", "token1"] {
                guard let address = field(side + "_address"), !address.isEmpty else { continue }
                if Mint.isSOL(address), let time = field("timestamp").flatMap(UTCTimestamp.parse),
                    let sol = field(side + "_amount").flatMap(Amount.init),
                    let usd = field(side + "_amount_usd").flatMap(Amount.init), sol > Amount(units: 0)
                {
                    let minute = time / 60 * 60
                    if prices[minute] == nil { prices[minute] = usd.multiplied(by: Amount(1), dividedBy: sol) }
                }
                guard names[address] == nil, let symbol = field(side + "_symbol"), let name = field(side + "_name")
                else { continue }
                names[address] = Names(symbol: symbol, name: name)
            }
        }
        do {
            try reader.feed(data, onRecord: record)
            try reader.finish(onRecord: record)
        } catch {
            return nil
        }
        guard !names.isEmpty else { return nil }
        byMint = names
        solPrices = prices
    }
}
