/// Where a trade's `usd_value` came from.
public enum USDSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// The imported CSV's USD column.
    case csv
    /// The SOL leg valued with the SOL/USD close of its block time's minute from the price
    /// history source.
    case priceHistory = "price_history"
    /// A token-to-token swap valued at its USDC or USDT leg.
    case stablecoin
    /// Made up by `walletstream demo` along with the rest of the trade.
    case generated

    /// The number stored for it (0 is none).
    public var storageCode: Int {
        switch self {
        case .csv: 1
        case .priceHistory: 2
        case .generated: 3
        case .stablecoin: 4
        }
    }

    public init?(storageCode: Int) {
        guard let source = Self.allCases.first(where: { $0.storageCode == storageCode }) else { return nil }
        self = source
    }
}
