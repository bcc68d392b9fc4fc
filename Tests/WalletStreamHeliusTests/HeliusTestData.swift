import Foundation
import WalletStreamCore
import WalletStreamHelius
import WalletStreamIngest
import WalletStreamTestSupport

/// Loads the real Helius samples and the tracker CSV from `../shared/data`.
enum HeliusTestData {
    static let wallet = TradeFixtures.realWallet

    static func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: SharedData.heliusDirectory + "/" + name))
    }

    /// The 20 full enhanced transactions.
    static func enhanced() throws -> [HeliusTransaction] {
        try JSONDecoder().decode([HeliusTransaction].self, from: bytes("enhanced-transactions-3JoVBiQE.json"))
    }

    struct PartialDump: Decodable {
        var withSwapEvent: [HeliusTransaction]
        var withoutSwapEvent: [HeliusTransaction]

        enum CodingKeys: String, CodingKey {
            case withSwapEvent = "with_swap_event"
            case withoutSwapEvent = "without_swap_event"
        }
    }

    /// The 13 partial transactions of `partial-transactions-pump-meteora.json`.
    static func partial() throws -> [HeliusTransaction] {
        let dump = try JSONDecoder().decode(PartialDump.self, from: bytes("partial-transactions-pump-meteora.json"))
        return dump.withSwapEvent + dump.withoutSwapEvent
    }

    /// The single PUMP_AMM transaction of `pump-amm-transaction.json`.
    static func pumpAMM() throws -> HeliusTransaction {
        try JSONDecoder().decode(HeliusTransaction.self, from: bytes("pump-amm-transaction.json"))
    }

    /// The CSV's swap trades by signature, read with the project's reader and row mapping.
    static func csvTrades(for signatures: Set<String>) throws -> [String: [Trade]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.walletCSV))
        var reader = CSVReader()
        var schema: TrackerCSVSchema?
        var trades: [String: [Trade]] = [:]
        let handle: (CSVRecord) throws -> Void = { record in
            guard let known = schema else {
                schema = try TrackerCSVSchema(header: record)
                return
            }
            // Rows of other signatures may be invalid for the importer; only ours must map.
            guard case .trade(_, let trade) = try? TrackerCSVRow(record, schema: known) else { return }
            if signatures.contains(trade.signature) { trades[trade.signature, default: []].append(trade) }
        }
        try reader.feed(data, onRecord: handle)
        try reader.finish(onRecord: handle)
        return trades
    }
}
