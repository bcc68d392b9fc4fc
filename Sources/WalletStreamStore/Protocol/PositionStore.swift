import WalletStreamCore

/// The stored P&L positions of a wallet, open lots included.
public protocol PositionStore: Sendable {
    /// `wallet`'s positions in those of `mints` it holds or held.
    func positions(of wallet: WalletAddress, mints: [String]) async throws -> [TokenPosition]
}
