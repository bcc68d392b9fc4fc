/// Well-known mints.
public enum Mint {
    /// Wrapped SOL; the canonical mint under which every SOL leg is stored.
    public static let wrappedSOL = "So11111111111111111111111111111111111111112"
    /// How trackers spell native SOL.
    public static let native = "native"

    /// Whether `mint` means SOL: wrapped SOL or the literal `native`.
    @inlinable public static func isSOL(_ mint: String) -> Bool { mint == wrappedSOL || mint == native }
}
