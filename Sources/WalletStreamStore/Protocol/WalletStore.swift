/// Everything a server or command needs of a store: trades and P&L, sync checkpoints, token
/// metadata and prices, backfill rewrites, positions, API keys.
/// ``SQLiteTradeStore`` (embedded default) and the PostgreSQL store both provide it.
public typealias WalletStore = TradeStore & SyncStore & TokenMetadataStore & PriceStore & TradeRewriteStore
    & PositionStore & APIKeyStore
