import Logging
import ServiceLifecycle
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream

extension FollowHub {
    /// Until the server shuts down: polls followed wallets (one incremental sync per
    /// ``interval`` for a wallet with followers, the upstream rate limit applying as to any sync;
    /// none for a wallet without), and, on a store several nodes share, wakes this node's
    /// followers when another node stores their wallet's trades.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            if let sync, let interval {
                group.addTask { await self.poll(every: interval, sync: sync) }
            }
            if let feed = store as? any SyncStore {
                group.addTask { await self.watch(feed) }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    private func poll(every interval: Duration, sync: SyncCoordinator) async {
        let tick = min(max(interval / 10, .milliseconds(20)), .milliseconds(500))
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                try? await Task.sleep(for: tick)
                let now = ContinuousClock.now
                let due = state.withLock { state -> [WalletAddress] in
                    var due: [WalletAddress] = []
                    for (wallet, watch) in state.watches where watch.followers > 0 && !watch.polling {
                        if let last = watch.lastPoll, now - last < interval { continue }
                        state.watches[wallet]?.polling = true
                        state.watches[wallet]?.lastPoll = now
                        due.append(wallet)
                    }
                    return due
                }
                for wallet in due {
                    group.addTask { await self.poll(wallet, sync: sync) }
                }
            }
        }
    }

    /// Wakes the followers of each wallet the store announces, listening again after a failure.
    private func watch(_ feed: any SyncStore) async {
        while !Task.isCancelled {
            do {
                try await feed.watchStoredTrades { [weak self] wallet in self?.changed(wallet) }
            } catch {
                guard !Task.isCancelled else { return }
                logger.warning("watching the store for other nodes' trades failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// One incremental sync of `wallet`; its followers wake when it stored anything.
    private func poll(_ wallet: WalletAddress, sync: SyncCoordinator) async {
        defer {
            state.withLock { state in
                state.watches[wallet]?.polling = false
                if state.watches[wallet]?.isUnused == true { state.watches[wallet] = nil }
            }
        }
        metrics.polls.increment()
        do {
            try await exclusively(wallet) {
                let probe = try await LateTradeProbe(store: store, wallet: wallet)
                guard let handle = try await sync.syncIfNeeded(wallet, force: true) else { return }
                if case .failed(let error) = await handle.outcome() {
                    logger.warning(
                        "follow poll failed", metadata: ["wallet": "\(wallet)", "error": "\(error.message)"])
                }
                // A failed sync may still have stored trades before it stopped.
                guard try await store.count(wallet: wallet) != probe.countBefore else { return }
                try await journal(probe.late(in: store), wallet: wallet)
                changed(wallet)
            }
        } catch {
            logger.warning("follow poll failed", metadata: ["wallet": "\(wallet)", "error": "\(error)"])
        }
    }

    /// Journals the late trades a probe found, for followers on every node; those it could
    /// not name are logged.
    func journal(_ late: (trades: [Trade], unnamed: Int), wallet: WalletAddress) async throws {
        metrics.corrections.increment(by: late.trades.count)
        if late.unnamed > 0 {
            logger.warning(
                "late trades stored too deep to name in a correction",
                metadata: ["wallet": "\(wallet)", "trades": "\(late.unnamed)"])
        }
        try await store.journalLate(late.trades, wallet: wallet)
    }
}
