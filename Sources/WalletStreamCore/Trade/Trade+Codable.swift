extension Trade: Codable {
    enum CodingKeys: String, CodingKey {
        case signature, slot, timestamp, leg, venue, side, sold, bought
        case solAmount = "sol_amount"
        case usdValue = "usd_value"
        case usdSource = "usd_source"
        case feeSOL = "fee_sol"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        signature = try container.decode(String.self, forKey: .signature)
        slot = try container.decode(UInt64.self, forKey: .slot)
        let timestamp = try container.decode(String.self, forKey: .timestamp)
        guard let seconds = UTCTimestamp.parse(timestamp) else {
            throw DecodingError.dataCorruptedError(
                forKey: .timestamp, in: container, debugDescription: "not an ISO-8601 UTC timestamp")
        }
        blockTime = seconds
        leg = try container.decode(Int.self, forKey: .leg)
        venue = try container.decode(String.self, forKey: .venue)
        side = try container.decode(TradeSide.self, forKey: .side)
        sold = try container.decode(TokenLeg.self, forKey: .sold)
        bought = try container.decode(TokenLeg.self, forKey: .bought)
        solAmount = try container.decodeIfPresent(Amount.self, forKey: .solAmount)
        usdValue = try container.decodeIfPresent(Amount.self, forKey: .usdValue)
        usdSource = try container.decodeIfPresent(USDSource.self, forKey: .usdSource)
        feeSOL = try container.decodeIfPresent(Amount.self, forKey: .feeSOL)
    }

    /// Every field is always present; unknown amounts are `null`, not omitted.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(signature, forKey: .signature)
        try container.encode(slot, forKey: .slot)
        try container.encode(UTCTimestamp.format(blockTime), forKey: .timestamp)
        try container.encode(leg, forKey: .leg)
        try container.encode(venue, forKey: .venue)
        try container.encode(side, forKey: .side)
        try container.encode(sold, forKey: .sold)
        try container.encode(bought, forKey: .bought)
        try container.encode(solAmount, forKey: .solAmount)
        try container.encode(usdValue, forKey: .usdValue)
        try container.encode(usdSource, forKey: .usdSource)
        try container.encode(feeSOL, forKey: .feeSOL)
    }
}
