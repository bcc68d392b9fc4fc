import WalletStreamCore

/// Payload of the `correction` event of a following stream: trades that belong before trades
/// the stream already sent (a late delivery). They are stored, counted in the next `summary`,
/// and never sent again as `trades`.
public struct StreamCorrection: Sendable, Equatable, Codable {
    public var trades: [Trade]

    public init(trades: [Trade]) {
        self.trades = trades
    }
}
