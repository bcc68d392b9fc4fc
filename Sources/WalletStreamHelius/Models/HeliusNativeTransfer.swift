import WalletStreamCore

/// A lamport movement between two accounts, as listed in `nativeTransfers`.
public struct HeliusNativeTransfer: Sendable, Hashable, Codable {
    public var fromUserAccount: String
    public var toUserAccount: String
    /// Lamports.
    public var amount: Int64

    public init(fromUserAccount: String, toUserAccount: String, amount: Int64) {
        self.fromUserAccount = fromUserAccount
        self.toUserAccount = toUserAccount
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case fromUserAccount, toUserAccount, amount
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fromUserAccount = try container.decodeIfPresent(String.self, forKey: .fromUserAccount) ?? ""
        toUserAccount = try container.decodeIfPresent(String.self, forKey: .toUserAccount) ?? ""
        amount = try container.decode(Int64.self, forKey: .amount)
    }
}
