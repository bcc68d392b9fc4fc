import WalletStreamCore

/// A stored trade as a stream sends it: its order key and its wire JSON, read without decoding
/// any amount or resolving any token. The byte slices share one buffer per page.
public struct StreamRow: Sendable {
    public var slot: UInt64
    public var blockTime: Int64
    public var leg: Int
    /// The signature's UTF-8 bytes.
    public var signature: ArraySlice<UInt8>
    /// The trade's JSON object, exactly as `GET /trades` writes it.
    public var json: ArraySlice<UInt8>

    public init(slot: UInt64, blockTime: Int64, leg: Int, signature: ArraySlice<UInt8>, json: ArraySlice<UInt8>) {
        self.slot = slot
        self.blockTime = blockTime
        self.leg = leg
        self.signature = signature
        self.json = json
    }

    /// The cursor just after this trade.
    public func cursor(wallet: WalletAddress) -> TradeCursor {
        TradeCursor(wallet: wallet, slot: slot, blockTime: blockTime, signature: signature, leg: leg)
    }
}

/// Stream rows in ascending order (see ``TradeStore/streamPage(wallet:after:limit:)``).
public struct StreamPage: Sendable {
    public var rows: [StreamRow]
    /// Whether the store may hold more rows after the last one (the read was full).
    public var isFull: Bool

    public init(rows: [StreamRow], isFull: Bool) {
        self.rows = rows
        self.isFull = isFull
    }
}

extension StreamPage {
    /// Drops the leading rows at or before `cursor`: a page of whole chunks may start before it.
    public mutating func dropRows(through cursor: TradeCursor) {
        let skipped =
            rows.firstIndex { row in
                cursor.precedes(
                    TradeOrderKey(
                        slot: row.slot, blockTime: row.blockTime,
                        signature: String(decoding: row.signature, as: UTF8.self), leg: row.leg))
            } ?? rows.count
        rows.removeFirst(skipped)
    }
}
