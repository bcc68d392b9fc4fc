/// Payload of a `progress` event.
public struct StreamProgress: Sendable, Equatable, Codable {
    /// Share of the wallet's trades sent so far, 0 to 100 (a JSON number such as `42.5`).
    public var percentage: Double
    public var tradesSent: Int
    public var totalTrades: Int

    public init(percentage: Double, tradesSent: Int, totalTrades: Int) {
        self.percentage = percentage
        self.tradesSent = tradesSent
        self.totalTrades = totalTrades
    }

    enum CodingKeys: String, CodingKey {
        case percentage
        case tradesSent = "trades_sent"
        case totalTrades = "total_trades"
    }
}
