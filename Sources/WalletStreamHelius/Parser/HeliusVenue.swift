import WalletStreamCore

/// Venue names for Helius `source` values, spelled as trackers and the ledger spell them.
public enum HeliusVenue {
    /// Known sources and their venue names.
    public static let names: [String: String] = [
        "RAYDIUM": "Raydium",
        "PUMP_AMM": "PumpSwap",
        "PUMP_FUN": "PumpFun",
        "METEORA": "Meteora",
        "JUPITER": "Jupiter",
        "ORCA": "Orca",
        "PHOENIX": "Phoenix",
        "LIFINITY": "Lifinity",
        "OKX_DEX_ROUTER": "OKX",
    ]

    /// The venue of `source`: the known name, else the source as-is, else `"unknown"` when empty or absent.
    public static func name(for source: String?) -> String {
        guard let source, !source.isEmpty else { return "unknown" }
        return names[source] ?? source
    }
}
