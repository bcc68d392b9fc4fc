import WalletStreamCore

/// A token the demo wallet trades, with its drifting price and the wallet's holding.
struct DemoToken: Sendable {
    let mint: String
    let symbol: String
    /// Price in SOL per whole token; generation-only, so a `Double` is fine here.
    var priceSOL: Double
    /// What the wallet holds, in millionths of a token (amounts have 6 decimals).
    var heldMicros: Int64

    /// A newly launched token: a real 32-byte base58 mint, a meme-ish symbol, a launch price.
    static func launch(using random: inout SplitMix64) -> DemoToken {
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in stride(from: 0, to: 32, by: 8) {
            var word = random.next()
            for offset in 0..<8 {
                bytes[index + offset] = UInt8(truncatingIfNeeded: word)
                word >>= 8
            }
        }
        let stem = stems[random.below(stems.count)]
        let symbol: String
        switch random.below(10) {
        case 0..<5: symbol = stem
        case 5..<7: symbol = stem + suffixes[random.below(suffixes.count)]
        case 7..<9: symbol = stems[random.below(stems.count)] + stem
        default: symbol = stem.lowercased()
        }
        // Launch prices span micro-caps (1e-8 SOL) to established tokens (1e-3 SOL).
        let magnitude = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3][random.below(6)]
        return DemoToken(
            mint: Base58.encode(bytes), symbol: symbol, priceSOL: magnitude * random.uniform(1...9.99),
            heldMicros: 0)
    }

    /// A random step of the token's price: memecoins move a lot between two trades.
    mutating func drift(using random: inout SplitMix64) {
        priceSOL *= random.uniform(0.82...1.2)
        priceSOL = min(max(priceSOL, 1e-8), 0.01)
    }

    private static let stems = [
        "PEPE", "WIF", "BONK", "MOON", "CAT", "DOG", "FROG", "APE", "BULL", "GIGA", "CHAD", "SIGMA", "TRUMP",
        "AI", "GPT", "BASED", "WOJAK", "DEGEN", "PUMP", "SEND", "POPCAT", "MEW", "MOODENG", "GOAT", "FWOG",
        "RETARDIO", "MICHI", "PNUT", "CHILL", "GRIFT", "LUNA", "ZERO", "HOPE", "COPE", "SHIB", "ELON", "MAGA",
    ]
    private static let suffixes = ["2", "AI", "INU", "SOL", "X", "420", "69", "COIN"]
}
