import WalletStreamCore

/// Where a wallet's trades live. Implementations: ``SQLiteTradeStore`` (embedded default);
/// a PostgreSQL store for several nodes.
///
/// Every read is a bounded page in the total order; nothing loads a wallet whole.
public protocol TradeStore: LateTradeJournal {
    /// Stores `trades` of `wallet` in one transaction. A trade whose (wallet, signature, leg)
    /// is already stored is left as it is and counted as already present (a signature fixes its
    /// slot and block time, so the order key identifies it).
    func insert(_ trades: [Trade], wallet: WalletAddress) async throws -> InsertCounts

    /// Runs `produce` inside one transaction: every trade it hands to the sink is stored, or,
    /// if it throws, none is. For imports that must be all-or-nothing without holding the file.
    func insertAtomically(_ produce: @escaping @Sendable (inout any TradeSink) throws -> Void) async throws
        -> InsertCounts

    /// Up to `limit` trades of `wallet` strictly after `cursor` in `order`.
    func page(wallet: WalletAddress, after cursor: TradeCursor?, limit: Int, order: ListingOrder) async throws
        -> TradePage

    /// About `limit` trades of `wallet` strictly after `cursor` in ascending order, as their
    /// stored wire JSON: the stream's read, with no per-trade decoding. A store that keeps
    /// trades in runs may return fewer or more than `limit` (whole runs); only an empty or
    /// not-full page says that nothing more is stored.
    func streamPage(wallet: WalletAddress, after cursor: TradeCursor?, limit: Int) async throws -> StreamPage

    /// Number of stored trades of `wallet` (0 for an unknown wallet).
    func count(wallet: WalletAddress) async throws -> Int

    /// Number of stored trades of `wallet` at or before `cursor` in ascending order: the
    /// cursor's position, in one query, so that trades stored meanwhile cannot skew it.
    func count(wallet: WalletAddress, through cursor: TradeCursor) async throws -> Int

    /// The wallet's entry, or nil when the store has never seen it.
    func lookup(wallet: WalletAddress) async throws -> WalletInfo?

    /// Records `wallet` as known even before it has trades (a synced wallet with no trades is
    /// an empty wallet, not an unknown one).
    func register(wallet: WalletAddress) async throws

    /// Every stored wallet with its trade count and time range, by address.
    func wallets() async throws -> [WalletInfo]

    /// The wallet's FIFO P&L summary over every stored trade. The store keeps it up to date as
    /// trades are written, so this reads a bounded amount whatever the wallet's size.
    func summary(of wallet: WalletAddress) async throws -> WalletSummary

    /// Up to `limit` tokens of the wallet's P&L table strictly after `cursor` in `order`.
    func tokens(of wallet: WalletAddress, order: TokenOrder, after cursor: TokenCursor?, limit: Int) async throws
        -> TokenPage
}

/// Receives trades inside ``TradeStore/insertAtomically(_:)``.
public protocol TradeSink {
    /// Stores one trade; returns false when it is known to be already present (a store that
    /// writes in batches may only know at the end, in its ``InsertCounts``).
    @discardableResult
    mutating func add(_ trade: Trade, wallet: WalletAddress) throws -> Bool
}

/// Direction of a listing in the total order.
public enum ListingOrder: String, Sendable, Hashable, Codable, CaseIterable {
    case ascending = "asc"
    case descending = "desc"
}

/// What an insert did.
public struct InsertCounts: Sendable, Hashable {
    public var inserted: Int
    public var alreadyPresent: Int
    /// Stored trades the P&L upkeep read back because new trades landed before trades already
    /// stored: 0 for appends, the trades of the tokens concerned otherwise.
    public var replayedTrades: Int

    public init(inserted: Int = 0, alreadyPresent: Int = 0, replayedTrades: Int = 0) {
        self.inserted = inserted
        self.alreadyPresent = alreadyPresent
        self.replayedTrades = replayedTrades
    }
}

/// One page of a listing.
public struct TradePage: Sendable, Hashable {
    public var trades: [Trade]
    /// Cursor after the last trade of the page; nil when the listing is exhausted.
    public var nextCursor: TradeCursor?

    public init(trades: [Trade], nextCursor: TradeCursor?) {
        self.trades = trades
        self.nextCursor = nextCursor
    }
}

/// A stored wallet.
public struct WalletInfo: Sendable, Hashable, Codable {
    public var wallet: String
    public var trades: Int
    public var firstTradeAt: String?
    public var lastTradeAt: String?

    public init(wallet: String, trades: Int, firstTradeAt: String?, lastTradeAt: String?) {
        self.wallet = wallet
        self.trades = trades
        self.firstTradeAt = firstTradeAt
        self.lastTradeAt = lastTradeAt
    }

    enum CodingKeys: String, CodingKey {
        case wallet, trades
        case firstTradeAt = "first_trade_at"
        case lastTradeAt = "last_trade_at"
    }
}
