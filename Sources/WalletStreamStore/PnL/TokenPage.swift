import WalletStreamCore

/// One page of a wallet's token table.
public struct TokenPage: Sendable, Equatable {
    public var tokens: [TokenSummary]
    /// Where the next page starts; nil on the last page.
    public var nextCursor: TokenCursor?

    public init(tokens: [TokenSummary], nextCursor: TokenCursor?) {
        self.tokens = tokens
        self.nextCursor = nextCursor
    }
}
