import WalletStreamCore

/// Minute closes of a price series (SOL/USD), fetched a UTC day at a time and kept for every
/// wallet, so that a day is fetched once.
public protocol PriceStore: Sendable {
    /// Those of `days` (days since 1970-01-01 UTC) whose closes of `symbol` are stored whole:
    /// fetched after the day ended.
    func completePriceDays(symbol: String, days: [Int64]) async throws -> Set<Int64>

    /// Stores a day's closes (minute start in Unix seconds → close); `complete` when the day
    /// had ended when it was fetched (a day still running is fetched again later).
    func storePriceDay(symbol: String, day: Int64, closes: [Int64: Amount], complete: Bool) async throws

    /// The stored closes of `symbol` at `minutes` (minute starts, Unix seconds).
    func minuteCloses(symbol: String, minutes: [Int64]) async throws -> [Int64: Amount]
}
