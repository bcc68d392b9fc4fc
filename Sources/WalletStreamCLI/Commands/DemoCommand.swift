import ArgumentParser
import Foundation
import WalletStreamIngest

/// `walletstream demo`: a deterministic synthetic wallet to try everything without data.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a deterministic synthetic wallet with realistic trades and print its address.")

    @Option(help: "Number of trades (up to 10,000,000; generated and stored in batches).") var trades = 5_000
    @Option(help: "Seed: the same seed gives the same wallet and trades.") var seed: UInt64 = 42
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (1...10_000_000).contains(trades) else { throw ValidationError("--trades must be 1…10000000") }
    }

    func run() async throws {
        let logger = makeLogger()
        try await store.withStore(mustExist: false, logger: logger) { opened in
            let seeder = DemoSeeder(store: opened, logger: logger)
            let bar = SharedProgressBar(unit: "trades")
            let result = try await seeder.seed(seed: seed, count: trades) { progress in
                bar.update(done: progress.generated, total: progress.total)
            }
            bar.finish()
            let seconds = result.elapsed.seconds
            print(
                "demo wallet \(result.wallet): stored \(result.inserted.grouped) trades "
                    + "(\(result.alreadyPresent.grouped) already present) in \(String(format: "%.2f", seconds)) s")
            print("try: walletstream analyze \(result.wallet)")
        }
    }
}
