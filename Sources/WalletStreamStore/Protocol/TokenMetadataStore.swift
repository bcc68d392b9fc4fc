import WalletStreamCore

/// Token metadata looked up by chain syncs, one entry per mint, shared by every wallet.
public protocol TokenMetadataStore: Sendable {
    /// The stored entries of those of `mints` that were looked up (including mints the provider
    /// did not know, whose entries have no symbol and no name).
    func tokenMetadata(mints: [String]) async throws -> [String: TokenMetadata]

    /// Stores `entries`, replacing earlier entries of the same mints.
    func storeTokenMetadata(_ entries: [TokenMetadata]) async throws
}
