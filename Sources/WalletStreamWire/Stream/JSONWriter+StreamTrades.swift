import WalletStreamCore

extension JSONWriter {
    /// The payload of a `trades` event (``StreamTrades``) from trades already written as JSON
    /// (a store keeps each trade's wire form): copied, not re-encoded. Inlinable so that it is
    /// specialized for the caller's collections: it runs once per batch on the stream's hot path.
    @inlinable public mutating func streamTrades<Bytes: Collection<UInt8>>(
        batchNumber: Int, tradeJSON: some Collection<Bytes>, totalYielded: Int, hasMore: Bool
    ) {
        raw("{\"batch_num\":")
        integer(batchNumber)
        raw(",\"trades\":[")
        var first = true
        for trade in tradeJSON {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            bytes.append(contentsOf: trade)
        }
        raw("],\"total_yielded\":")
        integer(totalYielded)
        raw(hasMore ? ",\"has_more\":true}" : ",\"has_more\":false}")
    }
}
