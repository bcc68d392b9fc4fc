import AsyncHTTPClient
import Logging
import WalletStreamCore
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

/// A syncer wired to a running simulator and a fresh SQLite file.
struct SyncFixture {
    let store: SQLiteTradeStore
    let client: UpstreamClient
    let syncer: WalletSyncer

    static let quiet: Logger = {
        var logger = Logger(label: "sync-tests")
        logger.logLevel = .critical
        return logger
    }()

    init(
        simulatorURL: String, directory: TemporaryDirectory, apiKey: String = "simulator-key",
        requestsPerSecond: Double = 0, maxAttempts: Int = 6, requestTimeout: Duration = .seconds(5),
        concurrency: Int = 4, prices: Bool = false, storeName: String = "test.sqlite"
    ) throws {
        store = try StoreFixtures.sqlite(in: directory, name: storeName)
        client = UpstreamClient(
            http: HTTPClient.shared,
            configuration: UpstreamConfiguration(
                rpcURL: simulatorURL + "/", apiURL: simulatorURL, apiKey: apiKey, maxConcurrency: concurrency,
                requestsPerSecond: requestsPerSecond, maxAttempts: maxAttempts, baseBackoff: .milliseconds(20),
                maxBackoff: .milliseconds(200), requestTimeout: requestTimeout,
                prices: prices ? PriceSourceConfiguration(url: simulatorURL) : nil),
            logger: Self.quiet)
        syncer = WalletSyncer(store: store, client: client, logger: Self.quiet)
    }

    /// Every stored trade of `wallet`, in the total order.
    func storedTrades(_ wallet: WalletAddress) async throws -> [Trade] {
        var trades: [Trade] = []
        try await store.forEachTrade(of: wallet) { trades.append($0) }
        return trades
    }
}

/// The fields a chain sync can recover, for comparison with the simulator's ground truth.
struct LedgerEntry: Hashable, CustomStringConvertible {
    var signature: String
    var leg: Int
    var side: TradeSide
    var sold: String
    var soldAmount: Amount
    var bought: String
    var boughtAmount: Amount
    var solAmount: Amount?

    init(_ trade: Trade) {
        signature = trade.signature
        leg = trade.leg
        side = trade.side
        sold = trade.sold.mint
        soldAmount = trade.sold.amount
        bought = trade.bought.mint
        boughtAmount = trade.bought.amount
        solAmount = trade.solAmount
    }

    var description: String {
        "\(signature.prefix(8))#\(leg) \(side) \(soldAmount) \(sold.prefix(6)) → \(boughtAmount) \(bought.prefix(6))"
    }
}
