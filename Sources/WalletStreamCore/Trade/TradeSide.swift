/// What a trade did, seen from the wallet.
public enum TradeSide: String, Sendable, Hashable, Codable, CaseIterable {
    /// SOL → token.
    case buy
    /// Token → SOL.
    case sell
    /// Token → token.
    case swap
}
