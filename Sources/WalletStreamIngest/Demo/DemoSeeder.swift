import Logging
import WalletStreamCore
import WalletStreamStore

/// Fills a store with ``DemoTradeGenerator`` trades, in batches so memory stays flat.
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

    /// Progress after each batch.
    public struct Progress: Sendable, Hashable {
        public var generated: Int
        public var total: Int
    }

    public let store: any TradeStore
    public let logger: Logger
    /// Trades per `insert` call (one transaction each).
    public let batchSize: Int

    public init(
        store: any TradeStore,
        logger: Logger = Logger(label: "walletstream.demo", factory: { _ in SwiftLogNoOpLogHandler() }),
        batchSize: Int = 10_000
    ) {
        self.store = store
        self.logger = logger
        self.batchSize = Swift.max(batchSize, 1)
    }

    /// Writes `count` trades of the demo wallet for `seed`. Re-running with the same seed stores
    /// nothing new (the trades are identical), so an interrupted run can simply be repeated.
    public func seed(
        seed: UInt64, count: Int, progress: (@Sendable (Progress) -> Void)? = nil
    ) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let generator = DemoTradeGenerator(seed: seed, count: count)
        var result = Result(wallet: generator.wallet, generated: 0, inserted: 0, alreadyPresent: 0, elapsed: .zero)
        var batch: [Trade] = []
        batch.reserveCapacity(Swift.min(batchSize, generator.count))

        func flush() async throws {
            guard !batch.isEmpty else { return }
            let counts = try await store.insert(batch, wallet: generator.wallet)
            result.generated += batch.count
            result.inserted += counts.inserted
            result.alreadyPresent += counts.alreadyPresent
            batch.removeAll(keepingCapacity: true)
            progress?(Progress(generated: result.generated, total: generator.count))
        }

        for trade in generator {
            batch.append(trade)
            if batch.count >= batchSize { try await flush() }
        }
        try await flush()
        result.elapsed = clock.now - start
        logger.debug(
            "demo data seeded",
            metadata: [
                "wallet": "\(result.wallet)", "trades": "\(result.generated)", "inserted": "\(result.inserted)",
            ])
        return result
    }
}
