import WalletStreamCore
import WalletStreamStore

/// Tells which trades a live write stored in the wallet's past: a look at the newest `depth`
/// trades before the write, compared with the same stretch after it.
struct LateTradeProbe: Sendable {
    static let depth = 256

    private let wallet: WalletAddress
    /// The newest trade before the write; nil: the wallet had none, so nothing can be late.
    private let newest: Trade?
    /// The wallet's trades before the write.
    let countBefore: Int
    private let seen: Set<TradeIdentity>
    /// The oldest trade looked at, when the wallet holds older ones.
    private let floor: TradeOrderKey?

    struct TradeIdentity: Hashable, Sendable {
        var signature: String
        var leg: Int

        init(_ trade: Trade) {
            signature = trade.signature
            leg = trade.leg
        }
    }

    /// Looks at `wallet` before a write.
    init(store: any TradeStore, wallet: WalletAddress) async throws {
        self.wallet = wallet
        let page = try await store.page(wallet: wallet, after: nil, limit: Self.depth, order: .descending)
        newest = page.trades.first
        countBefore = try await store.count(wallet: wallet)
        seen = Set(page.trades.map(TradeIdentity.init))
        floor = page.trades.count == Self.depth ? page.trades.last?.orderKey : nil
    }

    /// After the write: the trades it stored before the newest trade there was, oldest first,
    /// and how many more it stored there that lay too deep to name.
    func late(in store: any TradeStore) async throws -> (trades: [Trade], unnamed: Int) {
        guard let newest else { return ([], 0) }
        let cursor = TradeCursor(wallet: wallet, after: newest)
        let added = try await store.count(wallet: wallet, through: cursor) - countBefore
        guard added > 0 else { return ([], 0) }
        let page = try await store.page(wallet: wallet, after: cursor, limit: Self.depth + added, order: .descending)
        let late = page.trades.filter { trade in
            !seen.contains(TradeIdentity(trade)) && floor.map { trade.orderKey > $0 } ?? true
        }
        return (late.reversed(), added - late.count)
    }
}
