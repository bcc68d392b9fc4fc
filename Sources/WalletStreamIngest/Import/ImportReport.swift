import WalletStreamCore

/// What an import read and stored.
public struct ImportReport: Sendable, Hashable {
    /// The imported file.
    public var path: String
    /// Data rows read (the header not counted).
    public var rowsRead: Int
    /// Trades newly stored.
    public var tradesStored: Int
    /// Trades of the file that the store already had.
    public var alreadyPresent: Int
    /// Rows that are not trades, by reason (`tx_type`, or `swap_sol_to_sol`).
    public var skippedByType: [String: Int]
    /// Number of malformed rows left out (only with ``ImportOptions/skipInvalid``).
    public var invalidCount: Int
    /// The malformed rows, up to ``ImportOptions/maxListedInvalidLines``.
    public var invalidLines: [InvalidLine]
    /// The wallets the stored trades belong to, sorted.
    public var wallets: [WalletAddress]
    /// Wall-clock time of the import.
    public var elapsed: Duration

    public init(
        path: String, rowsRead: Int = 0, tradesStored: Int = 0, alreadyPresent: Int = 0,
        skippedByType: [String: Int] = [:], invalidCount: Int = 0, invalidLines: [InvalidLine] = [],
        wallets: [WalletAddress] = [], elapsed: Duration = .zero
    ) {
        self.path = path
        self.rowsRead = rowsRead
        self.tradesStored = tradesStored
        self.alreadyPresent = alreadyPresent
        self.skippedByType = skippedByType
        self.invalidCount = invalidCount
        self.invalidLines = invalidLines
        self.wallets = wallets
        self.elapsed = elapsed
    }

    /// Total rows skipped as not trades.
    public var skippedCount: Int { skippedByType.values.reduce(0, +) }

    /// Skip reasons, most frequent first (ties by name), so output is stable.
    public var skippedSorted: [(txType: String, count: Int)] {
        skippedByType.map { (txType: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.txType < $1.txType }
    }

    /// One line for a terminal or a log, e.g. `imported 6,483 trades (0 already present),
    /// skipped 1,043 rows (transfer 969, lp 68, …), 0 invalid, in 0.41 s`.
    public var summaryLine: String {
        var text = "imported \(tradesStored.grouped) trades (\(alreadyPresent.grouped) already present)"
        text += ", skipped \(skippedCount.grouped) rows"
        if !skippedByType.isEmpty {
            text += " (" + skippedSorted.map { "\($0.txType) \($0.count.grouped)" }.joined(separator: ", ") + ")"
        }
        text += ", \(invalidCount.grouped) invalid, in \(Self.seconds(elapsed)) s"
        return text
    }

    /// A duration as seconds with two decimals, e.g. `"0.41"`.
    static func seconds(_ duration: Duration) -> String {
        let hundredths = duration.wholeMilliseconds / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
