import WalletStreamCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An SPL token movement (`tokenTransfers[]`), with its UI amount.
///
/// `tokenAmount` is a JSON number such as `1986656.546333`. It is decoded through `Decimal`,
/// which reads the literal's digits exactly (never through a binary `Double`), or from a string.
/// A value that ``Amount`` cannot hold exactly (more than 12 fractional digits) decodes as nil
/// rather than failing the whole transaction list.
public struct HeliusTokenTransfer: Sendable, Hashable, Codable {
    /// The owner of the sending token account; empty for a mint.
    public var fromUserAccount: String
    /// The owner of the receiving token account; empty for a burn.
    public var toUserAccount: String
    public var fromTokenAccount: String
    public var toTokenAccount: String
    public var mint: String
    /// The amount in token units; nil when it was not an exact decimal.
    public var tokenAmount: Amount?

    public init(
        fromUserAccount: String,
        toUserAccount: String,
        fromTokenAccount: String = "",
        toTokenAccount: String = "",
        mint: String,
        tokenAmount: Amount?
    ) {
        self.fromUserAccount = fromUserAccount
        self.toUserAccount = toUserAccount
        self.fromTokenAccount = fromTokenAccount
        self.toTokenAccount = toTokenAccount
        self.mint = mint
        self.tokenAmount = tokenAmount
    }

    enum CodingKeys: String, CodingKey {
        case fromUserAccount, toUserAccount, fromTokenAccount, toTokenAccount, mint, tokenAmount
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fromUserAccount = try container.decodeIfPresent(String.self, forKey: .fromUserAccount) ?? ""
        toUserAccount = try container.decodeIfPresent(String.self, forKey: .toUserAccount) ?? ""
        fromTokenAccount = try container.decodeIfPresent(String.self, forKey: .fromTokenAccount) ?? ""
        toTokenAccount = try container.decodeIfPresent(String.self, forKey: .toTokenAccount) ?? ""
        mint = try container.decode(String.self, forKey: .mint)
        if try !container.contains(.tokenAmount) || container.decodeNil(forKey: .tokenAmount) {
            tokenAmount = nil
        } else if let text = try? container.decode(String.self, forKey: .tokenAmount) {
            tokenAmount = Amount(text)
        } else {
            let decimal = try container.decode(Decimal.self, forKey: .tokenAmount)
            tokenAmount = Amount(decimal.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fromUserAccount, forKey: .fromUserAccount)
        try container.encode(toUserAccount, forKey: .toUserAccount)
        try container.encode(fromTokenAccount, forKey: .fromTokenAccount)
        try container.encode(toTokenAccount, forKey: .toTokenAccount)
        try container.encode(mint, forKey: .mint)
        // A JSON number, as Helius writes it; Decimal keeps every digit.
        if let amount = tokenAmount, let decimal = Decimal(string: amount.description) {
            try container.encode(decimal, forKey: .tokenAmount)
        } else {
            try container.encodeNil(forKey: .tokenAmount)
        }
    }
}
