import WalletStreamCore
import WalletStreamStore

/// Tells which trades a live write stored in the wallet's past: a look at the newest `depth`
/// trades before the write, compared with the same stretch after it, and a look up of each
/// trade the write names that lies deeper than that stretch.
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
    /// The trades the write will store below `floor` that were not stored before it.
    private let deep: [Trade]

    struct TradeIdentity: Hashable, Sendable {
        var signature: String
        var leg: Int

        init(_ trade: Trade) {
            signature = trade.signature
            leg = trade.leg
        }
    }

    /// Looks at `wallet` before a write of `trades`, when the write knows them (a webhook
    /// delivery); a sync's trades are not known ahead, and only the newest stretch is looked at.
    init(store: any TradeStore, wallet: WalletAddress, writing trades: [Trade] = []) async throws {
        self.wallet = wallet
        let page = try await store.page(wallet: wallet, after: nil, limit: Self.depth, order: .descending)
        newest = page.trades.first
        countBefore = try await store.count(wallet: wallet)
        seen = Set(page.trades.map(TradeIdentity.init))
        let floor = page.trades.count == Self.depth ? page.trades.last?.orderKey : nil
        self.floor = floor
        var deep: [Trade] = []
        if let floor {
            var identities = Set<TradeIdentity>()
            for trade in trades where trade.orderKey < floor && identities.insert(TradeIdentity(trade)).inserted {
                if try await Self.stored(trade, wallet: wallet, in: store) == nil { deep.append(trade) }
            }
        }
        self.deep = deep
    }

    /// After the write: the trades it stored before the newest trade there was, oldest first,
    /// and how many more it stored there that lay too deep to name.
    func late(in store: any TradeStore) async throws -> (trades: [Trade], unnamed: Int) {
        guard let newest else { return ([], 0) }
        let cursor = TradeCursor(wallet: wallet, after: newest)
        let added = try await store.count(wallet: wallet, through: cursor) - countBefore
        guard added > 0 else { return ([], 0) }
        let page = try await store.page(wallet: wallet, after: cursor, limit: Self.depth + added, order: .descending)
        var late = page.trades.filter { trade in
            !seen.contains(TradeIdentity(trade)) && floor.map { trade.orderKey > $0 } ?? true
        }
        for trade in deep {
            if let stored = try await Self.stored(trade, wallet: wallet, in: store) { late.append(stored) }
        }
        late.sort { $0.orderKey < $1.orderKey }
        return (late, added - late.count)
    }

    /// `trade` as `store` holds it, if it does: the first trade after the one stored just before it.
    private static func stored(_ trade: Trade, wallet: WalletAddress, in store: any TradeStore) async throws -> Trade? {
        let before = try await store.page(
            wallet: wallet, after: TradeCursor(wallet: wallet, after: trade), limit: 1, order: .descending
        ).trades.first
        let at = try await store.page(
            wallet: wallet, after: before.map { TradeCursor(wallet: wallet, after: $0) }, limit: 1, order: .ascending
        ).trades.first
        return at.flatMap { TradeIdentity($0) == TradeIdentity(trade) ? $0 : nil }
    }
}
