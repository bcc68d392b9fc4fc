/// One side of a trade: a token and the exact amount the wallet gave or received.
public struct TokenLeg: Sendable, Hashable, Codable {
    public var mint: String
    public var symbol: String
    public var amount: Amount

    public init(mint: String, symbol: String, amount: Amount) {
        self.mint = mint
        self.symbol = symbol
        self.amount = amount
    }

    /// Whether this leg is SOL (native or wrapped).
    public var isSOL: Bool { Mint.isSOL(mint) }

    /// A SOL leg with the canonical mint and symbol.
    public static func sol(_ amount: Amount) -> TokenLeg {
        TokenLeg(mint: Mint.wrappedSOL, symbol: "SOL", amount: amount)
    }
}
