import WalletStreamCore

/// Ids of interned wallets and tokens, both ways. Small: one entry per wallet and token.
struct InternCache: Sendable {
    struct TokenKey: Hashable, Sendable {
        var mint: String
        var symbol: String
    }

    var walletIDs: [String: Int64] = [:]
    var tokenIDs: [TokenKey: Int64] = [:]
    var tokens: [Int64: TokenKey] = [:]

    mutating func merge(_ other: InternCache) {
        walletIDs.merge(other.walletIDs) { current, _ in current }
        for (key, id) in other.tokenIDs {
            tokenIDs[key] = id
            tokens[id] = key
        }
    }
}

extension InternCache {
    mutating func merge(tokens fetched: [Int64: TokenKey]) {
        for (id, key) in fetched {
            tokens[id] = key
            tokenIDs[key] = id
        }
    }
}
