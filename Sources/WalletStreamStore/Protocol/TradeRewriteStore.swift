import WalletStreamCore

/// What a backfill writes into trades already stored: names and USD values found later.
public protocol TradeRewriteStore: Sendable {
    /// Sets the symbols, USD values and USD sources of stored trades of `wallet` to those of
    /// `trades` (matched by order key; every other field stays as stored), in one transaction.
    /// The P&L state and stream chunks are not touched: call ``rebuildDerivedState(of:)`` after.
    func rewriteNamesAndValues(_ trades: [Trade], wallet: WalletAddress) async throws

    /// Rebuilds `wallet`'s P&L state and stream chunks from its stored trades, in one transaction.
    func rebuildDerivedState(of wallet: WalletAddress) async throws
}
