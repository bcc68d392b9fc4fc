import WalletStreamCore

/// Payload of a `progress` event.
public struct StreamProgress: Sendable, Equatable, Codable {
    /// Share of the wallet's trades sent so far, 0 to 100 (a JSON number such as `42.5`); never
    /// decreases within a stream.
    public var percentage: Double
    public var tradesSent: Int
    public var totalTrades: Int
    /// `queued`, `listing_signatures`, `fetching_transactions` or `storing` while the wallet is
    /// being synced from the chain, `streaming` otherwise.
    public var step: String
    /// Sync counts, present while a sync runs.
    public var signaturesListed: Int?
    public var transactionsFetched: Int?
    public var transactionsPending: Int?
    /// While the wallet's sync waits for its turn: its place in the server's queue (1: next).
    public var queuePosition: Int?

    public init(
        percentage: Double, tradesSent: Int, totalTrades: Int, step: String = "streaming",
        signaturesListed: Int? = nil, transactionsFetched: Int? = nil, transactionsPending: Int? = nil,
        queuePosition: Int? = nil
    ) {
        self.percentage = percentage
        self.tradesSent = tradesSent
        self.totalTrades = totalTrades
        self.step = step
        self.signaturesListed = signaturesListed
        self.transactionsFetched = transactionsFetched
        self.transactionsPending = transactionsPending
        self.queuePosition = queuePosition
    }

    enum CodingKeys: String, CodingKey {
        case percentage, step
        case tradesSent = "trades_sent"
        case totalTrades = "total_trades"
        case signaturesListed = "signatures_listed"
        case transactionsFetched = "transactions_fetched"
        case transactionsPending = "transactions_pending"
        case queuePosition = "queue_position"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        percentage = try container.decode(Double.self, forKey: .percentage)
        tradesSent = try container.decode(Int.self, forKey: .tradesSent)
        totalTrades = try container.decode(Int.self, forKey: .totalTrades)
        step = try container.decodeIfPresent(String.self, forKey: .step) ?? "streaming"
        signaturesListed = try container.decodeIfPresent(Int.self, forKey: .signaturesListed)
        transactionsFetched = try container.decodeIfPresent(Int.self, forKey: .transactionsFetched)
        transactionsPending = try container.decodeIfPresent(Int.self, forKey: .transactionsPending)
        queuePosition = try container.decodeIfPresent(Int.self, forKey: .queuePosition)
    }
}
