import Testing
import WalletStreamCore
import WalletStreamStore
import WalletStreamTestSupport

/// Token metadata on both backends: stored once per mint, replaced by a later lookup, unknown
/// mints remembered as such.
@Suite(.timeLimit(.minutes(2))) struct TokenMetadataStoreTests {
    @Test(arguments: StoreBackend.allCases) func storesReplacesAndRemembersUnknownMints(
        _ backend: StoreBackend
    ) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let known = TokenMetadata(
                mint: "MintKnown111", symbol: "BONK", name: "Bonk \"the\" dog", decimals: 5,
                priceUSD: Amount("0.0000123456789"), fetchedAt: 1_750_000_000)
            let unknown = TokenMetadata(mint: "MintUnknown22", fetchedAt: 1_750_000_000)
            try await store.storeTokenMetadata([known, unknown])
            let read = try await store.tokenMetadata(mints: ["MintKnown111", "MintUnknown22", "MintNeverSeen3"])
            #expect(read == ["MintKnown111": known, "MintUnknown22": unknown])
            #expect(read["MintUnknown22"]?.isKnown == false)

            var renamed = known
            renamed.symbol = "BONK2"
            renamed.priceUSD = nil
            renamed.fetchedAt += 60
            try await store.storeTokenMetadata([renamed])
            #expect(try await store.tokenMetadata(mints: ["MintKnown111"]) == ["MintKnown111": renamed])
            #expect(try await store.tokenMetadata(mints: []).isEmpty)
        }
    }
}
