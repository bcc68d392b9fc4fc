extension JSONWriter {
    /// A `trades` event's data (``StreamTrades``) from trades already encoded as wire JSON
    /// (``trade(_:)``): the stream copies stored bytes instead of encoding each trade again.
    ///
    /// The same bytes as `JSONEncoder` would write for ``StreamTrades`` (a test holds them
    /// equal).
    @inlinable public mutating func streamTrades<Bytes: Collection<UInt8>>(
        batchNumber: Int, tradeJSON: some Collection<Bytes>, totalYielded: Int, hasMore: Bool
    ) {
        streamTradesOpening(batchNumber: batchNumber)
        for (index, trade) in tradeJSON.enumerated() { streamTradesElement(trade, first: index == 0) }
        streamTradesClosing(totalYielded: totalYielded, hasMore: hasMore)
    }

    /// The start of a `trades` event's data, for a stream that writes the trades in pieces.
    @inlinable public mutating func streamTradesOpening(batchNumber: Int) {
        raw("{\"batch_num\":")
        integer(batchNumber)
        raw(",\"trades\":[")
    }

    /// One trade of the list begun by ``streamTradesOpening(batchNumber:)``.
    @inlinable public mutating func streamTradesElement(_ tradeJSON: some Collection<UInt8>, first: Bool) {
        if !first { byte(UInt8(ascii: ",")) }
        bytes.append(contentsOf: tradeJSON)
    }

    /// The end of a `trades` event's data.
    @inlinable public mutating func streamTradesClosing(totalYielded: Int, hasMore: Bool) {
        raw("],\"total_yielded\":")
        integer(totalYielded)
        raw(hasMore ? ",\"has_more\":true}" : ",\"has_more\":false}")
    }
}
