import WalletStreamCore

/// The change of one token account's balance (`accountData[].tokenBalanceChanges[]`).
public struct HeliusTokenBalanceChange: Sendable, Hashable, Codable {
    /// The owner of the token account (the wallet, for the wallet's own legs).
    public var userAccount: String
    public var tokenAccount: String
    public var mint: String
    /// Signed change in integer base units, with the mint's decimals.
    public var rawTokenAmount: HeliusRawTokenAmount

    public init(userAccount: String, tokenAccount: String, mint: String, rawTokenAmount: HeliusRawTokenAmount) {
        self.userAccount = userAccount
        self.tokenAccount = tokenAccount
        self.mint = mint
        self.rawTokenAmount = rawTokenAmount
    }
}
