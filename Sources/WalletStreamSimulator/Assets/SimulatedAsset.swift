import WalletStreamCore

/// What the simulator's `getAssetBatch` says about a mint: the sample CSV's real names for the
/// sample wallet's mints, else a deterministic answer derived from the mint. A share of mints
/// is unknown (null), and a few carry hostile text, as real token metadata can.
public struct SimulatedAsset: Sendable, Hashable, Encodable {
    struct Content: Sendable, Hashable, Encodable {
        struct Metadata: Sendable, Hashable, Encodable {
            var symbol: String
            var name: String
        }

        var metadata: Metadata
    }

    struct TokenInfo: Sendable, Hashable, Encodable {
        struct PriceInfo: Sendable, Hashable, Encodable {
            var pricePerToken: Double
            var currency = "USDC"

            enum CodingKeys: String, CodingKey {
                case pricePerToken = "price_per_token"
                case currency
            }
        }

        var symbol: String
        var decimals: Int
        var priceInfo: PriceInfo?

        enum CodingKeys: String, CodingKey {
            case symbol, decimals
            case priceInfo = "price_info"
        }
    }

    var id: String
    var interface = "FungibleToken"
    var content: Content
    var tokenInfo: TokenInfo

    enum CodingKeys: String, CodingKey {
        case id, interface, content
        case tokenInfo = "token_info"
    }

    /// The symbol and name a client should keep after cleaning (see `TokenText`).
    public var symbol: String { tokenInfo.symbol }
    public var name: String { content.metadata.name }

    /// The answer for `mint`, or nil for a mint the simulated provider does not know
    /// (`unknownShare` of generated mints, chosen by the mint's hash).
    static func answer(for mint: String, sample: SampleExport?, unknownShare: Double) -> SimulatedAsset? {
        if Mint.isSOL(mint) { return asset(mint, symbol: "SOL", name: "Wrapped SOL", price: nil) }
        if let names = sample?.byMint[mint] { return asset(mint, symbol: names.symbol, name: names.name, price: nil) }
        let hash = fnv1a(mint)
        guard Double(hash % 10_000) >= unknownShare * 10_000 else { return nil }
        let tag = String(mint.prefix(4)).uppercased()
        let price = Double(hash % 1_000_000 + 1) / 100_000_000
        if hash % 50 == 7 {
            // Hostile metadata: terminal escapes, a bidi override, line breaks, quotes, CSV
            // separators and more text than any table has room for.
            return asset(
                mint, symbol: "\u{1B}[31m\(tag)\n\"x\",\u{202E}y\t" + String(repeating: "Z", count: 40),
                name: "Evil \(tag)\r\n\u{0}token, \"quoted\"", price: price)
        }
        return asset(mint, symbol: "G\(tag)", name: "Generated \(tag) Token", price: price)
    }

    private static func asset(_ mint: String, symbol: String, name: String, price: Double?) -> SimulatedAsset {
        SimulatedAsset(
            id: mint, content: Content(metadata: .init(symbol: symbol, name: name)),
            tokenInfo: TokenInfo(symbol: symbol, decimals: 6, priceInfo: price.map { .init(pricePerToken: $0) }))
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
