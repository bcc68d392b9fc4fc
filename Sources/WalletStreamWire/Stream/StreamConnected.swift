import WalletStreamCore

/// Payload of the `connected` event: what the stream is about to send.
public struct StreamConnected: Sendable, Equatable, Codable {
    /// Server-assigned identifier of this connection, for correlating logs.
    public var streamID: String
    /// The wallet address being streamed.
    public var wallet: String
    /// The wallet's trade count when the stream started, including trades before a resume point.
    public var totalTrades: Int
    /// Trades per `trades` event.
    public var batchSize: Int
    /// The cursor the stream resumes after, or nil when it starts from the first trade.
    public var resumedAfter: String?

    public init(streamID: String, wallet: String, totalTrades: Int, batchSize: Int, resumedAfter: String?) {
        self.streamID = streamID
        self.wallet = wallet
        self.totalTrades = totalTrades
        self.batchSize = batchSize
        self.resumedAfter = resumedAfter
    }

    enum CodingKeys: String, CodingKey {
        case wallet
        case streamID = "stream_id"
        case totalTrades = "total_trades"
        case batchSize = "batch_size"
        case resumedAfter = "resumed_after"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        streamID = try container.decode(String.self, forKey: .streamID)
        wallet = try container.decode(String.self, forKey: .wallet)
        totalTrades = try container.decode(Int.self, forKey: .totalTrades)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        resumedAfter = try container.decodeIfPresent(String.self, forKey: .resumedAfter)
    }

    /// Writes `resumed_after` as `null` rather than omitting it, as the contract specifies.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(streamID, forKey: .streamID)
        try container.encode(wallet, forKey: .wallet)
        try container.encode(totalTrades, forKey: .totalTrades)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(resumedAfter, forKey: .resumedAfter)
    }
}
