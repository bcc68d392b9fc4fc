import Foundation

/// The outcome of one sync.
public struct SyncReport: Sendable, Hashable {
    public var wallet: String
    public var signaturesListed = 0
    public var transactionsFetched = 0
    public var tradesStored = 0
    public var alreadyPresent = 0
    /// Transactions that yielded no trade, by reason (including `failed` on-chain transactions).
    public var skipped: [String: Int] = [:]
    /// Mints looked up with `getAssetBatch` (each once, for every wallet), and how many of them
    /// the provider did not know (their trades keep the mint's first characters as symbol).
    public var mintsLookedUp = 0
    public var mintsUnknown = 0
    /// Trades valued in USD from the price history or a stablecoin leg, and trades left
    /// without a value because the price history has no candle for their minute.
    public var tradesValued = 0
    public var tradesWithoutPrice = 0
    /// Stored trades a backfill renamed or valued.
    public var tradesRewritten = 0
    public var requests = 0
    public var retries: [String: Int] = [:]
    public var elapsed: Duration = .zero

    public init(wallet: String) { self.wallet = wallet }

    /// One line for people, after a backfill.
    public var backfillLine: String {
        "backfilled \(wallet): \(tradesRewritten) trades renamed or valued, \(mintsLookedUp) mints looked up "
            + "(\(mintsUnknown) unknown), \(tradesValued) trades valued in USD (\(tradesWithoutPrice) without a price), "
            + "\(requests) requests, in \(String(format: "%.2f", elapsed.seconds)) s"
    }

    /// One line for people.
    public var summaryLine: String {
        let skippedText = skipped.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ")
        let retryCount = retries.values.reduce(0, +)
        let seconds = elapsed.seconds
        return "synced \(wallet): \(signaturesListed) signatures listed, \(transactionsFetched) transactions fetched, "
            + "\(tradesStored) trades stored (\(alreadyPresent) already present), skipped "
            + "\(skipped.values.reduce(0, +))\(skippedText.isEmpty ? "" : " (\(skippedText))"), "
            + "\(mintsLookedUp) mints looked up (\(mintsUnknown) unknown), \(tradesValued) trades valued in USD "
            + "(\(tradesWithoutPrice) without a price), "
            + (tradesRewritten > 0 ? "\(tradesRewritten) earlier trades renamed or valued, " : "")
            + "\(requests) requests, "
            + "\(retryCount) retries, in \(String(format: "%.2f", seconds)) s"
    }
}
