import Logging
import PostgresNIO
import WalletStreamCore
import WalletStreamIngest
import WalletStreamPostgres
import WalletStreamStore

/// Writes demo trades into a PostgreSQL database through ``PostgresTradeStore`` and reports the
/// rate: trades, P&L state and stream chunks, as `import` and `demo` write them.
public struct PostgresWriteBenchmark: Sendable {
    public let location: PostgresLocation
    public let trades: Int
    /// Trades per `insert` call (one transaction each).
    public let transactionSize: Int
    public let logger: Logger

    public init(location: PostgresLocation, trades: Int, transactionSize: Int, logger: Logger) {
        self.location = location
        self.trades = trades
        self.transactionSize = transactionSize
        self.logger = logger
    }

    public func run(report: @Sendable (String) -> Void) async throws {
        try await PostgresClient.withRunning(
            .init(location, maximumConnections: 2, statementTimeout: .seconds(600)), logger: logger
        ) { client in
            let ledger = PostgresTradeStore(
                client: client, location: location, connectionWait: .seconds(5), logger: logger)
            try await ledger.migrate()
            // A wallet of its own each run, so that every trade is new.
            let seed = UInt64.random(in: 1...UInt64(UInt32.max))
            let generator = DemoTradeGenerator(seed: seed, count: trades)
            report("writing \(trades.grouped) demo trades of \(generator.wallet) into \(location)")
            let clock = ContinuousClock()
            var generating = Duration.zero
            var writing = Duration.zero
            var stored = 0
            var iterator = generator.makeIterator()
            while stored < trades {
                let generated = clock.now
                var batch: [Trade] = []
                batch.reserveCapacity(transactionSize)
                while batch.count < transactionSize, let trade = iterator.next() { batch.append(trade) }
                let written = clock.now
                generating += written - generated
                let counts = try await ledger.insert(batch, wallet: generator.wallet)
                writing += clock.now - written
                guard counts.inserted == batch.count else {
                    throw WalletStreamError(code: .internalError, message: "the benchmark wallet was not empty")
                }
                stored += batch.count
            }
            let rate = Double(stored) / (writing / .seconds(1))
            report(
                "| PostgreSQL write, \(stored.grouped) demo trades, \(transactionSize.grouped) per transaction "
                    + "| \(Int(rate).grouped) trades/s, \(String(format: "%.1f", writing / .seconds(1))) s "
                    + "(generating the trades: \(String(format: "%.1f", generating / .seconds(1))) s more) |")
        }
    }
}
