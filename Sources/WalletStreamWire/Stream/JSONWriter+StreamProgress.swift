extension JSONWriter {
    /// A `progress` payload, byte for byte what ``StreamProgress``'s `Encodable` gives with sorted
    /// keys, without `JSONEncoder`: at `batch_size=1` a stream sends one every ten trades.
    /// Returns false (writing nothing) for a percentage that is not a multiple of 0.1, whose
    /// shortest form only the encoder knows.
    public mutating func progress(_ progress: StreamProgress) -> Bool {
        let tenths = Int((progress.percentage * 10).rounded())
        guard Double(tenths) / 10 == progress.percentage, tenths >= 0 else { return false }
        raw("{\"percentage\":")
        integer(tenths / 10)
        if tenths % 10 != 0 {
            byte(UInt8(ascii: "."))
            integer(tenths % 10)
        }
        if let position = progress.queuePosition {
            raw(",\"queue_position\":")
            integer(position)
        }
        if let listed = progress.signaturesListed {
            raw(",\"signatures_listed\":")
            integer(listed)
        }
        raw(",\"step\":")
        string(progress.step)
        raw(",\"total_trades\":")
        integer(progress.totalTrades)
        raw(",\"trades_sent\":")
        integer(progress.tradesSent)
        if let fetched = progress.transactionsFetched {
            raw(",\"transactions_fetched\":")
            integer(fetched)
        }
        if let pending = progress.transactionsPending {
            raw(",\"transactions_pending\":")
            integer(pending)
        }
        byte(UInt8(ascii: "}"))
        return true
    }
}
