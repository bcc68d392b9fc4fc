import WalletStreamCore
import WalletStreamStore

extension FollowHub {
    /// Stores trades delivered by a webhook and wakes the wallet's followers: those that landed
    /// before trades already stored are journaled, and reach them as corrections. Idempotent: a trade already
    /// stored is left as it is. Other nodes on the same store are told, and wake theirs.
    func storeDelivered(_ trades: [Trade], wallet: WalletAddress) async throws -> InsertCounts {
        try await exclusively(wallet) {
            let probe = try await LateTradeProbe(store: store, wallet: wallet, writing: trades)
            let counts = try await store.insert(trades, wallet: wallet)
            metrics.webhookTrades.increment(by: counts.inserted)
            if counts.inserted > 0 {
                try await journal(probe.late(in: store), wallet: wallet)
                changed(wallet)
                // Followers on other nodes sharing the store.
                try await (store as? any SyncStore)?.announceTrades(of: wallet)
            }
            return counts
        }
    }
}
