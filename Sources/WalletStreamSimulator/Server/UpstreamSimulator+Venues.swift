import WalletStreamCore
import WalletStreamIngest

extension UpstreamSimulator {
    /// How DemoTradeGenerator venue names appear in Helius `source`, with a program id for
    /// `accountData`. A parser maps `source` back with ``venue(forHeliusSource:)``.
    public static let venues: [(venue: String, source: String, program: String)] = [
        ("Meteora", "METEORA", "LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo"),
        ("PumpSwap", "PUMP_AMM", "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA"),
        ("PumpFun", "PUMP_FUN", "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"),
        ("Raydium", "RAYDIUM", "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8"),
        ("Jupiter", "JUPITER", "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4"),
        ("Photon", "PHOTON", "BSfD6SHZigAfDWSjzD5Q41jw8LmKwtmjskPH9XW1mrRW"),
        ("Orca Whirlpools", "ORCA", "whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc"),
        ("OKX", "OKX_DEX_ROUTER", "6m2CDdhRgxpH4WjvdzxAYbGxwdGUz5MziiL5jek2kBma"),
        ("BoopFun", "BOOP_FUN", "boop8hVGQGqehUK2iVEMEnMrL5RbjywRzHKBmBE7ry4"),
        ("Jupiter DCA", "JUPITER_DCA", "DCA265Vj8a9CEuX1eb1LWRnDT7uK6q1xMipnNyatn23M"),
        ("unknown", "UNKNOWN", "11111111111111111111111111111111"),
    ]

    /// The Helius `source` the simulator writes for a generator venue (`UNKNOWN` if unlisted).
    public static func heliusSource(forVenue venue: String) -> String {
        venues.first { $0.venue == venue }?.source ?? "UNKNOWN"
    }

    /// The generator venue for a Helius `source` (`"unknown"` if unlisted).
    public static func venue(forHeliusSource source: String) -> String {
        venues.first { $0.source == source }?.venue ?? "unknown"
    }
}
