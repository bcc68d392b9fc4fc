/// Well-known mints.
public enum Mint {
    /// Wrapped SOL; the canonical mint under which every SOL leg is stored.
    public static let wrappedSOL = "So11111111111111111111111111111111111111112"
    /// How trackers spell native SOL.
    public static let native = "native"

    /// USDC and USDT on Solana: a swap with one of them is worth that leg in US dollars.
    public static let usdStablecoins: Set<String> = [
        "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB",
    ]

    /// Whether `mint` means SOL: wrapped SOL or the literal `native`.
    @inlinable public static func isSOL(_ mint: String) -> Bool { mint == wrappedSOL || mint == native }
}
