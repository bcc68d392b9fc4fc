import WalletStreamCore

extension JSONWriter {
    /// Writes `trade` with exactly the fields of its `Codable` form, in the same order.
    public mutating func trade(_ trade: Trade) {
        raw("{\"signature\":")
        string(trade.signature)
        raw(",\"slot\":")
        integer(trade.slot)
        raw(",\"timestamp\":\"")
        UTCTimestamp.append(trade.blockTime, to: &bytes)
        raw("\",\"leg\":")
        integer(trade.leg)
        raw(",\"venue\":")
        string(trade.venue)
        raw(",\"side\":\"")
        switch trade.side {
        case .buy: raw("buy")
        case .sell: raw("sell")
        case .swap: raw("swap")
        }
        raw("\",\"sold\":")
        tokenLeg(trade.sold)
        raw(",\"bought\":")
        tokenLeg(trade.bought)
        raw(",\"sol_amount\":")
        amount(trade.solAmount)
        raw(",\"usd_value\":")
        amount(trade.usdValue)
        raw(",\"usd_source\":")
        switch trade.usdSource {
        case .csv: raw("\"csv\"")
        case .priceHistory: raw("\"price_history\"")
        case .generated: raw("\"generated\"")
        case .stablecoin: raw("\"stablecoin\"")
        case nil: raw("null")
        }
        raw(",\"fee_sol\":")
        amount(trade.feeSOL)
        byte(UInt8(ascii: "}"))
    }

    mutating func tokenLeg(_ leg: TokenLeg) {
        raw("{\"mint\":")
        string(leg.mint)
        raw(",\"symbol\":")
        string(leg.symbol)
        raw(",\"amount\":")
        amount(leg.amount)
        byte(UInt8(ascii: "}"))
    }
}

extension Trade {
    /// Appends this trade's JSON object to `buffer` without an intermediate copy.
    public func appendJSON(to buffer: inout [UInt8]) {
        JSONWriter.append(to: &buffer) { $0.trade(self) }
    }
}
