/// Paths of the real data laid beside the project root in `../shared` (read-only).
public enum SharedData {
    /// The package root, derived from this file's location.
    public static let packageRoot: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(4)  // Sources/WalletStreamTestSupport/Fixtures/SharedData.swift
        return components.joined(separator: "/")
    }()

    public static let dataDirectory = packageRoot + "/../shared/data"
    /// The real trade-history export of ``TradeFixtures/realWallet``.
    public static let walletCSV = dataDirectory + "/wallets/3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2.csv"
    public static let heliusDirectory = dataDirectory + "/helius"
    /// The real wallet's enhanced transactions, served by the upstream simulator.
    public static let realWalletTransactions = heliusDirectory + "/enhanced-transactions-3JoVBiQE.json"
}
