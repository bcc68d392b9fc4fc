import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

extension SSEEventWriter {
    /// A `trades` event of stored rows, their wire JSON copied as it is: batch `number`,
    /// `yielded` trades sent so far with these, its id that of the cursor after the last row.
    mutating func trades(
        _ rows: ArraySlice<StreamRow>, number: Int, yielded: Int, hasMore: Bool, id: String
    ) {
        event(.trades, id: id) { json in
            json.streamTrades(
                batchNumber: number, tradeJSON: rows.lazy.map(\.json), totalYielded: yielded, hasMore: hasMore)
        }
    }
}
