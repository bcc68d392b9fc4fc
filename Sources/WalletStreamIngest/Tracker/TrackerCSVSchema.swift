import WalletStreamCore

/// Where the columns the importer needs sit in a wallet tracker's trade-history CSV.
///
/// Built from the header row; the other columns (and their order) do not matter.
public struct TrackerCSVSchema: Sendable, Hashable {
    /// The columns a tracker export must have, in the order they are documented.
    public static let requiredColumns = [
        "wallet", "block", "tx_hash", "tx_index", "tx_type", "timestamp", "dex",
        "token0_address", "token0_amount", "token0_amount_usd", "token0_symbol",
        "token1_address", "token1_amount", "token1_amount_usd", "token1_symbol",
    ]

    /// The columns of one token leg of a swap row.
    public struct LegColumns: Sendable, Hashable {
        public let address: Int
        public let amount: Int
        public let amountUSD: Int
        public let symbol: Int
    }

    /// Every header name, by index; used to name the column in error messages.
    public let columnNames: [String]
    public let wallet: Int
    public let block: Int
    public let txHash: Int
    public let txIndex: Int
    public let txType: Int
    public let timestamp: Int
    public let dex: Int
    /// The leg the wallet gave.
    public let token0: LegColumns
    /// The leg the wallet received.
    public let token1: LegColumns

    /// Number of columns in the header; every row must have exactly as many fields.
    public var columnCount: Int { columnNames.count }

    /// Reads the header record; throws `.invalidInput` naming the first missing required column.
    public init(header: CSVRecord) throws(WalletStreamError) {
        try self.init(columns: header.fields, line: header.line)
    }

    /// Maps header names to indices; `line` is only used in the error message.
    public init(columns: [String], line: Int = 1) throws(WalletStreamError) {
        var indices: [String: Int] = [:]
        // Trackers sometimes pad names; the first occurrence of a name wins.
        for (index, name) in columns.enumerated() {
            let trimmed = name.trimmingWhitespace()
            if indices[trimmed] == nil { indices[trimmed] = index }
        }
        func index(_ name: String) throws(WalletStreamError) -> Int {
            guard let found = indices[name] else {
                throw WalletStreamError(
                    code: .invalidInput,
                    message: "line \(line): header has no column '\(name)', which a tracker trade export needs")
            }
            return found
        }
        func leg(_ prefix: String) throws(WalletStreamError) -> LegColumns {
            LegColumns(
                address: try index(prefix + "_address"),
                amount: try index(prefix + "_amount"),
                amountUSD: try index(prefix + "_amount_usd"),
                symbol: try index(prefix + "_symbol"))
        }
        wallet = try index("wallet")
        block = try index("block")
        txHash = try index("tx_hash")
        txIndex = try index("tx_index")
        txType = try index("tx_type")
        timestamp = try index("timestamp")
        dex = try index("dex")
        token0 = try leg("token0")
        token1 = try leg("token1")
        columnNames = columns
    }

    /// The header name of column `index`, for messages.
    public func name(of index: Int) -> String {
        index < columnNames.count ? columnNames[index] : "#\(index + 1)"
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (no Foundation in Core).
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
