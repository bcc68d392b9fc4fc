extension JSONWriter {
    /// A `progress` payload, byte for byte what ``StreamProgress``'s `Encodable` gives with sorted
    /// keys, without `JSONEncoder`: at `batch_size=1` a stream sends one every ten trades.
    /// Returns false (writing nothing) for a percentage that is not a multiple of 0.1, whose
    /// shortest form only the encoder knows.
    public mutating func progress(_ progress: StreamProgress) -> Bool {
        // NaN fails the range check, so the conversion below cannot trap.
        guard (0...1_000_000).contains(progress.percentage) else { return false }
        let tenths = Int((progress.percentage * 10).rounded())
        guard Double(tenths) / 10 == progress.percentage else { return false }
        raw("{\"percentage\":")
        integer(tenths / 10)
        if tenths % 10 != 0 {
            byte(UInt8(ascii: "."))
            integer(tenths % 10)
        }
        field(",\"queue_position\":", progress.queuePosition)
        field(",\"signatures_listed\":", progress.signaturesListed)
        raw(",\"step\":")
        string(progress.step)
        raw(",\"total_trades\":")
        integer(progress.totalTrades)
        raw(",\"trades_sent\":")
        integer(progress.tradesSent)
        field(",\"transactions_fetched\":", progress.transactionsFetched)
        field(",\"transactions_pending\":", progress.transactionsPending)
        byte(UInt8(ascii: "}"))
        return true
    }

    /// `separatorAndKey` and `value`, or nothing when `value` is nil (as `Encodable` omits it).
    private mutating func field(_ separatorAndKey: StaticString, _ value: Int?) {
        guard let value else { return }
        raw(separatorAndKey)
        integer(value)
    }
}
