import WalletStreamCore
import WalletStreamIngest
import WalletStreamStore
import WalletStreamTestSupport

/// A SQLite store in a temporary directory with one demo wallet.
struct SeededStore: Sendable {
    let directory: TemporaryDirectory
    let store: SQLiteTradeStore
    let wallet: WalletAddress

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
