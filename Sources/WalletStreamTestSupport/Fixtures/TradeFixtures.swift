import WalletStreamCore

/// Hand-made trades and addresses for tests.
public enum TradeFixtures {
    /// The wallet of the real data in `../shared/data`.
    public static let realWallet = address("3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2")
    /// Valid addresses with no real meaning.
    public static let walletA = address("7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU")
    public static let walletB = address("9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM")

    static func address(_ text: String) -> WalletAddress {
        do {
            return try WalletAddress(validating: text)
        } catch {
            preconditionFailure("fixture address \(text) is invalid: \(error)")
        }
    }

    /// An exact amount from a literal; traps on a typo in a test.
    public static func amount(_ text: String) -> Amount {
        guard let value = Amount(text) else { preconditionFailure("fixture amount \(text) is invalid") }
        return value
    }

    /// A buy of `quantity` of `mint` for `sol` SOL.
    public static func buy(
        _ mint: String, quantity: String, sol: String, usd: String? = nil, slot: UInt64, signature: String? = nil,
        leg: Int = 0
    ) -> Trade {
        Trade(
            signature: signature ?? "buy\(slot)x\(leg)", slot: slot, blockTime: 1_745_000_000 + Int64(slot),
            leg: leg, venue: "Raydium", side: .buy, sold: .sol(amount(sol)),
            bought: TokenLeg(mint: mint, symbol: symbol(mint), amount: amount(quantity)),
            solAmount: amount(sol), usdValue: usd.map(amount))
    }

    /// A sell of `quantity` of `mint` for `sol` SOL.
    public static func sell(
        _ mint: String, quantity: String, sol: String, usd: String? = nil, slot: UInt64, signature: String? = nil,
        leg: Int = 0
    ) -> Trade {
        Trade(
            signature: signature ?? "sell\(slot)x\(leg)", slot: slot, blockTime: 1_745_000_000 + Int64(slot),
            leg: leg, venue: "Meteora", side: .sell,
            sold: TokenLeg(mint: mint, symbol: symbol(mint), amount: amount(quantity)),
            bought: .sol(amount(sol)), solAmount: amount(sol), usdValue: usd.map(amount))
    }

    /// A token → token swap.
    public static func swap(
        from: String, quantity: String, to: String, received: String, usd: String? = nil, slot: UInt64
    ) -> Trade {
        Trade(
            signature: "swap\(slot)", slot: slot, blockTime: 1_745_000_000 + Int64(slot), leg: 0, venue: "Jupiter",
            side: .swap, sold: TokenLeg(mint: from, symbol: symbol(from), amount: amount(quantity)),
            bought: TokenLeg(mint: to, symbol: symbol(to), amount: amount(received)), solAmount: nil,
            usdValue: usd.map(amount))
    }

    static func symbol(_ mint: String) -> String { String(mint.prefix(4)).uppercased() }
}
