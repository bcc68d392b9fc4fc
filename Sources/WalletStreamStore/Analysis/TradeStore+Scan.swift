import WalletStreamCore

extension TradeStore {
    /// Visits every trade of `wallet` after `cursor` in ascending order, one page at a time,
    /// so memory stays bounded by `pageSize` whatever the wallet's size.
    public func forEachTrade(
        of wallet: WalletAddress, after cursor: TradeCursor? = nil, pageSize: Int = 1000,
        _ body: (Trade) async throws -> Void
    ) async throws {
        var next = cursor
        repeat {
            let page = try await page(wallet: wallet, after: next, limit: pageSize, order: .ascending)
            for trade in page.trades { try await body(trade) }
            next = page.nextCursor
        } while next != nil
    }

    /// Visits the first `limit` tokens (all by default) of `wallet`'s P&L table in `order`, one
    /// page at a time: memory is bounded by `pageSize` whatever the number of tokens.
    public func forEachToken(
        of wallet: WalletAddress, order: TokenOrder = .pnlDescending, limit: Int = .max, pageSize: Int = 1000,
        _ body: (TokenSummary) async throws -> Void
    ) async throws {
        var remaining = limit
        var cursor: TokenCursor?
        while remaining > 0 {
            let page = try await tokens(of: wallet, order: order, after: cursor, limit: min(pageSize, remaining))
            for token in page.tokens { try await body(token) }
            remaining -= page.tokens.count
            guard let next = page.nextCursor else { return }
            cursor = next
        }
    }

    /// A FIFO run over every stored trade of `wallet`, replayed from the trades: the reference
    /// the stored P&L state is checked against. O(tokens) memory; not for serving.
    public func replayPnL(of wallet: WalletAddress, pageSize: Int = 1000) async throws -> PnLEngine {
        var engine = PnLEngine(wallet: wallet)
        try await forEachTrade(of: wallet, pageSize: pageSize) { engine.consume($0) }
        return engine
    }

    /// Throws `WALLET_NOT_FOUND` unless `wallet` has stored trades; returns their count.
    @discardableResult
    public func requireWallet(_ wallet: WalletAddress) async throws -> Int {
        let total = try await count(wallet: wallet)
        guard total > 0 else {
            throw WalletStreamError(code: .walletNotFound, message: "no trades stored for wallet \(wallet)")
        }
        return total
    }
}
