import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamTestSupport

/// A store with one demo wallet: SQLite in a temporary directory, or a PostgreSQL database.
struct SeededStore: Sendable {
    let directory: TemporaryDirectory?
    let store: any WalletStore
    let wallet: WalletAddress

    /// Runs `body` with `count` demo trades of seed `seed` in a new store of `backend`.
    static func with<T: Sendable>(
        _ backend: StoreBackend, demo count: Int, seed: UInt64 = 7, _ body: @Sendable (SeededStore) async throws -> T
    ) async throws -> T {
        try await StoreFixtures.withStore(backend) { store in
            let result = try await DemoSeeder(store: store, logger: StoreFixtures.logger).seed(seed: seed, count: count)
            return try await body(SeededStore(directory: nil, store: store, wallet: result.wallet))
        }
    }

    /// `count` deterministic demo trades (buys, sells, partial exits, token swaps) of seed `seed`.
    static func demo(count: Int, seed: UInt64 = 7) async throws -> SeededStore {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let result = try await DemoSeeder(store: store, logger: StoreFixtures.logger).seed(seed: seed, count: count)
        return SeededStore(directory: directory, store: store, wallet: result.wallet)
    }

    /// Every trade of the wallet in the total order, straight from the store.
    func allTrades() async throws -> [Trade] {
        var trades: [Trade] = []
        try await store.forEachTrade(of: wallet) { trades.append($0) }
        return trades
    }

    func streamPath(_ query: String = "") -> String {
        "/v4/wallet/\(wallet.rawValue)/stream" + (query.isEmpty ? "" : "?" + query)
    }
}
