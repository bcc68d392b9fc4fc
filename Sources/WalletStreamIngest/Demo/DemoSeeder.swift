import Logging
import WalletStreamCore
import WalletStreamStore

/// Fills a store with ``DemoTradeGenerator`` trades in one transaction, like an import: the
/// trades are generated as they are stored, so memory stays flat, and the P&L upkeep runs once.
public struct DemoSeeder: Sendable {
    /// What a seeding run did.
    public struct Result: Sendable, Hashable {
        public var wallet: WalletAddress
        /// Trades generated.
        public var generated: Int
        public var inserted: Int
        public var alreadyPresent: Int
        public var elapsed: Duration
    }

    /// Progress every ``DemoSeeder/progressInterval`` trades.
    public struct Progress: Sendable, Hashable {
        public var generated: Int
        public var total: Int
    }

    public let store: any TradeStore
    public let logger: Logger
    /// Trades between two progress reports.
    public let progressInterval: Int

    public init(
        store: any TradeStore,
        logger: Logger = Logger(label: "walletstream.demo", factory: { _ in SwiftLogNoOpLogHandler() }),
        progressInterval: Int = 10_000
    ) {
        self.store = store
        self.logger = logger
        self.progressInterval = Swift.max(progressInterval, 1)
    }

    /// Writes `count` trades of the demo wallet for `seed`. Re-running with the same seed stores
    /// nothing new (the trades are identical), so an interrupted run can simply be repeated.
    public func seed(
        seed: UInt64, count: Int, progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let generator = DemoTradeGenerator(seed: seed, count: count)
        let every = progressInterval
        let counts = try await store.insertAtomically { sink in
            var generated = 0
            for trade in generator {
                try sink.add(trade, wallet: generator.wallet)
                generated += 1
                if generated % every == 0 { progress?(Progress(generated: generated, total: generator.count)) }
            }
            if generated % every != 0 { progress?(Progress(generated: generated, total: generator.count)) }
        }
        let result = Result(
            wallet: generator.wallet, generated: generator.count, inserted: counts.inserted,
            alreadyPresent: counts.alreadyPresent, elapsed: clock.now - start)
        logger.debug(
            "demo data seeded",
            metadata: [
                "wallet": "\(result.wallet)", "trades": "\(result.generated)", "inserted": "\(result.inserted)",
            ])
        return result
    }
}
