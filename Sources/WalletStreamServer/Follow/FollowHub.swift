import Logging
import ServiceLifecycle
import Synchronization
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream

/// This node's followed wallets: how many streams follow each, and a version that moves whenever
/// new trades of a wallet are stored. Followers hold one wake each while idle and read the
/// trades themselves from the store by cursor, and late ones from its journal, so a follower
/// costs no queue however far behind it is.
///
/// As a `Service` it polls: while a wallet has followers, one incremental sync every
/// `interval`, shared by all of them (``run()``). Webhook deliveries come in through
/// ``storeDelivered(_:wallet:)``. Live writes of one wallet (polls and deliveries) run one at a
/// time, so that each can tell which of its trades landed in the past and journal them.
public final class FollowHub: Service, Sendable {
    struct Watch {
        var followers = 0
        var version = 0
        /// Followers waiting for the next change: a continuation's resume, or a parked
        /// connection's wake.
        var waiters: [Int: @Sendable () -> Void] = [:]
        var lastPoll: ContinuousClock.Instant?
        var polling = false
        var writing = false
        var writeQueue: [CheckedContinuation<Void, Never>] = []

        var isUnused: Bool { followers == 0 && !polling && !writing && writeQueue.isEmpty }
    }

    struct State {
        var watches: [WalletAddress: Watch] = [:]
        var nextWaiter = 0

        /// Adds a waiter unless `wallet` (followed) moved past `version`; true when added.
        mutating func wait(
            _ wallet: WalletAddress, after version: Int, id: Int, _ wake: @escaping @Sendable () -> Void
        ) -> Bool {
            guard watches[wallet]?.version == version else { return false }
            watches[wallet]?.waiters[id] = wake
            return true
        }
    }

    let store: any TradeStore
    let sync: SyncCoordinator?
    /// Between two polls of a followed wallet; nil: no polling.
    let interval: Duration?
    let logger: Logger
    let metrics = FollowMetrics()
    let state = Mutex(State())

    public init(store: any TradeStore, sync: SyncCoordinator?, interval: Duration?, logger: Logger) {
        self.store = store
        self.sync = sync
        self.interval = interval.flatMap { $0 > .zero ? $0 : nil }
        self.logger = logger
    }

    /// Counts a follower of `wallet` (polling starts with the first); pair with ``unfollow(_:)``.
    /// Returns the wallet's version, where the follower starts.
    func follow(_ wallet: WalletAddress) -> Int {
        metrics.followers.increment()
        return state.withLock { state in
            var watch = state.watches[wallet, default: Watch()]
            watch.followers += 1
            state.watches[wallet] = watch
            return watch.version
        }
    }

    func unfollow(_ wallet: WalletAddress) {
        metrics.followers.decrement()
        state.withLock { state in
            state.watches[wallet]?.followers -= 1
            if state.watches[wallet]?.isUnused == true { state.watches[wallet] = nil }
        }
    }

    /// Waits until `wallet` changes after `version` or, if given, until `deadline`; returns the
    /// version then. Returns at once when the task is cancelled.
    func next(_ wallet: WalletAddress, after version: Int, until deadline: ContinuousClock.Instant?) async -> Int {
        guard let deadline else { return await next(wallet, after: version) }
        return await withTaskGroup(of: Int?.self) { group in
            group.addTask {
                try? await Task.sleep(until: deadline)
                return nil
            }
            group.addTask { await self.next(wallet, after: version) }
            defer { group.cancelAll() }
            while let result = await group.next() {
                if let result { return result }
                break
            }
            return state.withLock { $0.watches[wallet]?.version ?? version }
        }
    }

    private func next(_ wallet: WalletAddress, after version: Int) async -> Int {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    guard !Task.isCancelled else { return true }
                    return !state.wait(wallet, after: version, id: id) { continuation.resume() }
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            cancelWait(wallet, id: id)?()
        }
        return self.version(of: wallet)
    }

    /// The wallet's version: it moves whenever new trades of the wallet are stored.
    func version(of wallet: WalletAddress) -> Int {
        state.withLock { $0.watches[wallet]?.version ?? 0 }
    }

    /// Calls `wake` once when `wallet` changes after `version`, from whichever thread changes
    /// it; returns the waiter's id for ``cancelWait(_:id:)``, or nil (and does not call `wake`)
    /// when the wallet has already changed.
    func waitForChange(_ wallet: WalletAddress, after version: Int, wake: @escaping @Sendable () -> Void) -> Int? {
        state.withLock { state in
            let id = state.nextWaiter
            state.nextWaiter += 1
            return state.wait(wallet, after: version, id: id, wake) ? id : nil
        }
    }

    /// Forgets a waiter; returns its wake when it had not been called yet.
    @discardableResult
    func cancelWait(_ wallet: WalletAddress, id: Int) -> (@Sendable () -> Void)? {
        state.withLock { $0.watches[wallet]?.waiters.removeValue(forKey: id) }
    }

    /// New trades of `wallet` are stored (late ones journaled first): wakes its followers.
    func changed(_ wallet: WalletAddress) {
        let waiters = state.withLock { state -> [@Sendable () -> Void] in
            guard var watch = state.watches[wallet] else { return [] }
            watch.version += 1
            let waiters = Array(watch.waiters.values)
            watch.waiters.removeAll()
            state.watches[wallet] = watch
            return waiters
        }
        for wake in waiters { wake() }
    }

    /// Runs `body` as the only live write of `wallet` on this node.
    func exclusively<Result: Sendable>(
        _ wallet: WalletAddress, _ body: () async throws -> Result
    ) async throws -> Result {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                if state.watches[wallet, default: Watch()].writing {
                    state.watches[wallet, default: Watch()].writeQueue.append(continuation)
                    return false
                }
                state.watches[wallet, default: Watch()].writing = true
                return true
            }
            if now { continuation.resume() }
        }
        defer {
            // The lock passes to the next writer in line, or is released.
            let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard var watch = state.watches[wallet] else { return nil }
                if watch.writeQueue.isEmpty {
                    watch.writing = false
                    state.watches[wallet] = watch.isUnused ? nil : watch
                    return nil
                }
                let next = watch.writeQueue.removeFirst()
                state.watches[wallet] = watch
                return next
            }
            next?.resume()
        }
        return try await body()
    }
}
