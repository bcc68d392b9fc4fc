import WalletStreamCore

/// Payload of a `trades` event: one batch of trades in the wallet's total order.
///
/// The event's SSE `id` is the opaque cursor just after the batch's last trade; a client
/// reconnects with it as `Last-Event-ID` to continue without duplicates or gaps.
public struct StreamTrades: Sendable, Equatable, Codable {
    /// 1-based number of this batch within the connection.
    public var batchNum: Int
    public var trades: [Trade]
    /// Trades sent so far on this stream, this batch included.
    public var totalYielded: Int
    /// Whether more `trades` events follow.
    public var hasMore: Bool

    public init(batchNum: Int, trades: [Trade], totalYielded: Int, hasMore: Bool) {
        self.batchNum = batchNum
        self.trades = trades
        self.totalYielded = totalYielded
        self.hasMore = hasMore
    }

    enum CodingKeys: String, CodingKey {
        case trades
        case batchNum = "batch_num"
        case totalYielded = "total_yielded"
        case hasMore = "has_more"
    }
}
