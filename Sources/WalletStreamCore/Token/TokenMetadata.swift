/// What the token-metadata provider (the DAS API's `getAssetBatch`) said about a mint, stored
/// once per mint for every wallet. Text fields are already cleaned (see ``TokenText``).
public struct TokenMetadata: Sendable, Hashable {
    public var mint: String
    /// The ticker: the token's `token_info.symbol`, else its metadata symbol; nil when the
    /// provider does not know the mint or gives no symbol.
    public var symbol: String?
    public var name: String?
    public var decimals: Int?
    /// The provider's current price per whole token, in US dollars (USD or USDC quotes only).
    public var priceUSD: Amount?
    /// When the entry was fetched (Unix seconds): the time of ``priceUSD``.
    public var fetchedAt: Int64

    public init(
        mint: String, symbol: String? = nil, name: String? = nil, decimals: Int? = nil, priceUSD: Amount? = nil,
        fetchedAt: Int64
    ) {
        self.mint = mint
        self.symbol = symbol
        self.name = name
        self.decimals = decimals
        self.priceUSD = priceUSD
        self.fetchedAt = fetchedAt
    }

    /// Whether the provider knew the mint at all.
    public var isKnown: Bool { symbol != nil || name != nil }
}
