import Synchronization
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamTestSupport

@Suite(.timeLimit(.minutes(2))) struct DemoSeederTests {
    @Test func seedsWithProgressAndIsIdempotent() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let seeder = DemoSeeder(store: store, logger: StoreFixtures.logger, progressInterval: 1_000)
        let batches = Mutex<[Int]>([])
        let result = try await seeder.seed(seed: 11, count: 4_500) { progress in
            batches.withLock { $0.append(progress.generated) }
        }
        #expect(result.wallet == DemoTradeGenerator.wallet(seed: 11))
        #expect(result.generated == 4_500 && result.inserted == 4_500 && result.alreadyPresent == 0)
        #expect(batches.withLock { $0 } == [1_000, 2_000, 3_000, 4_000, 4_500])
        #expect(try await store.count(wallet: result.wallet) == 4_500)

        // What the store lists is exactly what the generator made, in the same order.
        let page = try await store.page(wallet: result.wallet, after: nil, limit: 300, order: .ascending)
        #expect(page.trades == Array(DemoTradeGenerator(seed: 11, count: 300)))

        let again = try await seeder.seed(seed: 11, count: 4_500)
        #expect(again.inserted == 0 && again.alreadyPresent == 4_500)
    }
}
