import Foundation
import WalletStreamIngest

/// The real symbols and names of the sample wallet's mints, read from its exported trade
/// history (the tracker CSV's `token0_…`/`token1_…` columns): what the simulator's DAS answers
/// give for those mints.
struct SampleTokenNames: Sendable {
    struct Names: Sendable, Hashable {
        var symbol: String
        var name: String
    }

    let byMint: [String: Names]

    /// Reads the CSV at `path`; nil when it is missing or has no token columns.
    init?(csvPath path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var reader = CSVReader()
        var header: [String: Int]?
        var names: [String: Names] = [:]
        func record(_ record: CSVRecord) {
            guard let columns = header else {
                header = Dictionary(record.fields.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }
                return
            }
            for side in ["token0", "token1"] {
                guard let mint = columns[side + "_address"], let symbol = columns[side + "_symbol"],
                    let name = columns[side + "_name"], mint < record.count, symbol < record.count, name < record.count
                else { continue }
                let address = record.string(at: mint)
                guard !address.isEmpty, names[address] == nil else { continue }
                names[address] = Names(symbol: record.string(at: symbol), name: record.string(at: name))
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
    }
}
