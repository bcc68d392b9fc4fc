import WalletStreamCore

/// One account's balance changes in a transaction (`accountData[]`).
public struct HeliusAccountData: Sendable, Hashable, Codable {
    /// The account address.
    public var account: String
    /// Change of the account's own lamports (for a wallet: its SOL balance), fee included.
    public var nativeBalanceChange: Int64
    /// Token balance changes of token accounts, each naming its owner (`userAccount`).
    public var tokenBalanceChanges: [HeliusTokenBalanceChange]

    public init(account: String, nativeBalanceChange: Int64, tokenBalanceChanges: [HeliusTokenBalanceChange] = []) {
        self.account = account
        self.nativeBalanceChange = nativeBalanceChange
        self.tokenBalanceChanges = tokenBalanceChanges
    }

    enum CodingKeys: String, CodingKey {
        case account, nativeBalanceChange, tokenBalanceChanges
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        account = try container.decode(String.self, forKey: .account)
        nativeBalanceChange = try container.decodeIfPresent(Int64.self, forKey: .nativeBalanceChange) ?? 0
        tokenBalanceChanges =
            try container.decodeIfPresent([HeliusTokenBalanceChange].self, forKey: .tokenBalanceChanges) ?? []
    }
}
