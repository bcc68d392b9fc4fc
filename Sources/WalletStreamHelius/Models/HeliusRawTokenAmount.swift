import WalletStreamCore

/// An exact token amount: a signed integer of base units (as a decimal string) and the decimals.
public struct HeliusRawTokenAmount: Sendable, Hashable, Codable {
    /// Signed base units, e.g. `"-1986656546333"`.
    public var tokenAmount: String
    public var decimals: Int

    public init(tokenAmount: String, decimals: Int) {
        self.tokenAmount = tokenAmount
        self.decimals = decimals
    }

    /// ``tokenAmount`` as an integer; nil when it is not a plain signed integer.
    public var baseUnits: Int128? {
        var text = Substring(tokenAmount)
        if text.first == "+" { text = text.dropFirst() }
        return Int128(text)
    }

    /// The amount in token units; nil when the text is not an integer or the decimals cannot be
    /// represented exactly.
    public var amount: Amount? {
        baseUnits.flatMap { Amount(baseUnits: $0, decimals: decimals) }
    }
}
