import WalletStreamCore

extension JSONWriter {
    /// The payload of a `trades` event (``StreamTrades``), written straight from the trades.
    public mutating func streamTrades(
        batchNumber: Int, trades: some Collection<Trade>, totalYielded: Int, hasMore: Bool
    ) {
        raw("{\"batch_num\":")
        integer(batchNumber)
        raw(",\"trades\":[")
        var first = true
        for trade in trades {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            self.trade(trade)
        }
        raw("],\"total_yielded\":")
        integer(totalYielded)
        raw(hasMore ? ",\"has_more\":true}" : ",\"has_more\":false}")
    }
}
