import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import WalletStreamCore
import WalletStreamStore

/// Runs on-demand syncs for the server: one sync per wallet at a time, shared by every request
/// that needs it, at most `maxConcurrentSyncs` at once. A `Service`: syncs run inside ``run()``'s
/// task group, never as detached tasks, and stop with it.
///
/// Nodes sharing a store sync each wallet once between them: a sync runs under the wallet's
/// lease in the store (renewed while it runs, lost `leaseDuration` after its node dies). A node
/// that finds the lease taken follows the other node's sync through the store, so its streams
/// get progress and final trades as they are committed, and syncs only what is left when the
/// lease comes free (nothing, when the other node finished). It looks again at each commit the
/// store announces, and at least every `followInterval`.
public final class SyncCoordinator: Service, Sendable {
    private struct State {
        var running: [WalletAddress: SyncHandle] = [:]
        var queued = FairQueue<SyncHandle>()
        var wakeUp: CheckedContinuation<Void, Never>?
        var stopped = false
    }

    let syncer: WalletSyncer
    let store: any WalletSyncer.Store
    /// A wallet synced longer ago than this is synced again before it is served.
    let maxAge: Duration
    let maxConcurrentSyncs: Int
    /// This node's name on the leases it holds.
    let owner: String
    let leaseDuration: Duration
    /// The longest wait between two looks at a sync running on another node (the store wakes
    /// the follower at each of its commits when it can: PostgreSQL's LISTEN/NOTIFY).
    let followInterval: Duration
    let logger: Logger
    private let metrics = UpstreamMetrics()
    private let state = Mutex(State())

    public init(
        syncer: WalletSyncer, store: any WalletSyncer.Store, maxAge: Duration, maxConcurrentSyncs: Int = 4,
        owner: String = "node-\(UUID().uuidString)", leaseDuration: Duration = .seconds(15),
        followInterval: Duration = .seconds(1), logger: Logger
    ) {
        self.syncer = syncer
        self.store = store
        self.maxAge = maxAge
        self.maxConcurrentSyncs = max(1, maxConcurrentSyncs)
        self.owner = owner
        self.leaseDuration = leaseDuration
        self.followInterval = followInterval
        self.logger = logger
    }

    /// The sync `wallet` needs before it is served: the one already running, a new one when
    /// the wallet was never synced or is older than `maxAge`, or nil when it is fresh.
    ///
    /// `admit` is asked before a new sync starts (joining a running one is free): it returns nil
    /// to let it start, or how long until it may. Refused, a wallet synced before is served as
    /// stored (nil), and one never synced is a `RATE_LIMITED` error.
    ///
    /// With `force` (the poll of a followed wallet) a fresh wallet is synced too: an
    /// incremental sync that lists only signatures newer than the last one synced.
    public func syncIfNeeded(
        _ wallet: WalletAddress, client: String = "", force: Bool = false, admit: @Sendable () -> Duration? = { nil }
    ) async throws -> SyncHandle? {
        if let running = state.withLock({ $0.running[wallet] }) { return running }
        let sync = try await store.syncState(wallet: wallet)
        if !force, isFresh(sync) { return nil }
        if state.withLock({ $0.running[wallet] }) == nil, let wait = admit() {
            if sync.lastSyncedAt != nil { return nil }
            throw WalletStreamError(
                code: .rateLimited, message: "the hourly quota of chain syncs for this client is used up",
                retryAfter: wait)
        }
        // A wallet synced before is served as stored while it is refreshed: its stored trades
        // are final at once (the refresh lists only newer signatures).
        let refresh = sync.newestSynced != nil && sync.runNewest == nil
        let (handle, wake, queue) = state.withLock {
            state -> (SyncHandle?, CheckedContinuation<Void, Never>?, [SyncHandle]) in
            if let running = state.running[wallet] { return (running, nil, []) }
            guard !state.stopped else { return (nil, nil, []) }
            let handle = SyncHandle(
                wallet: wallet, isRefresh: refresh, isForced: force,
                progress: SyncProgress(step: .queued, finalBeforeSlot: refresh ? sync.newestSyncedSlot : nil))
            state.running[wallet] = handle
            state.queued.append(handle, client: client)
            defer { state.wakeUp = nil }
            return (handle, state.wakeUp, state.queued.inServiceOrder)
        }
        wake?.resume()
        Self.reportPositions(queue)
        guard let handle else {
            throw WalletStreamError(code: .shuttingDown, message: "the server is shutting down")
        }
        return handle
    }

    /// Names and values trades delivered by a webhook as a sync would (``WalletSyncer/prepareDelivered(_:)``).
    public func prepareDelivered(_ trades: [Trade]) async throws -> [Trade] {
        try await syncer.prepareDelivered(trades)
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                while let handle = await nextJob() {
                    group.addTask { [self] in
                        await execute(handle)
                        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
                            state.running[handle.wallet] = nil
                            defer { state.wakeUp = nil }
                            return state.wakeUp
                        }
                        wake?.resume()
                    }
                }
                // Stopped: syncs in progress end now; they resume from their checkpoint next time.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    /// Tells each queued sync its place in line (1: next), for the streams that wait on it.
    private static func reportPositions(_ queue: [SyncHandle]) {
        for (index, handle) in queue.enumerated() {
            var progress = handle.current.progress
            guard progress.queuePosition != index + 1 else { continue }
            progress.queuePosition = index + 1
            handle.update(progress)
        }
    }

    /// The next queued sync once fewer than `maxConcurrentSyncs` run; nil when stopped.
    private func nextJob() async -> SyncHandle? {
        while true {
            let job = state.withLock { state -> (SyncHandle?, Bool, [SyncHandle]) in
                if state.stopped { return (nil, true, []) }
                let running = state.running.count - state.queued.count
                guard running < maxConcurrentSyncs, let next = state.queued.popFirst() else { return (nil, false, []) }
                return (next, false, state.queued.inServiceOrder)
            }
            if job.1 { return nil }
            if let handle = job.0 {
                var progress = handle.current.progress
                progress.queuePosition = nil
                progress.step = .listingSignatures
                handle.update(progress)
                Self.reportPositions(job.2)
                return handle
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    let running = state.running.count - state.queued.count
                    if state.stopped || (!state.queued.isEmpty && running < maxConcurrentSyncs) { return true }
                    state.wakeUp = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func stop() {
        let (wake, abandoned) = state.withLock { state in
            state.stopped = true
            defer {
                state.wakeUp = nil
                state.queued.removeAll()
            }
            return (state.wakeUp, state.queued.inServiceOrder)
        }
        wake?.resume()
        for handle in abandoned {
            handle.finish(.failed(WalletStreamError(code: .shuttingDown, message: "the server is shutting down")))
        }
    }

    private func execute(_ handle: SyncHandle) async {
        let start = ContinuousClock.now
        var succeeded = false
        defer {
            let elapsed = (ContinuousClock.now - start).wholeNanoseconds
            (succeeded ? metrics.syncFinished : metrics.syncFailed).recordNanoseconds(elapsed)
        }
        do {
            let report = try await leasedSync(handle)
            succeeded = true
            handle.finish(.finished(report))
        } catch let error as WalletStreamError where error.code == .upstreamUnavailable {
            // Clients of the server get no operator hints; the whole story goes to the log.
            logger.warning(
                "sync failed: upstream unavailable",
                metadata: [
                    "wallet": "\(handle.wallet)", "error": "\(error.message)",
                    "cause": "\(error.underlying.map { "\($0)" } ?? "none")",
                ])
            handle.finish(
                .failed(
                    WalletStreamError(
                        code: .upstreamUnavailable,
                        message: "the chain data provider is unavailable; what was fetched is kept, try again later")))
        } catch let error as WalletStreamError {
            handle.finish(.failed(error))
        } catch is CancellationError {
            handle.finish(.failed(WalletStreamError(code: .shuttingDown, message: "the server is shutting down")))
        } catch {
            logger.debug("sync failed", metadata: ["wallet": "\(handle.wallet)", "error": "\(error)"])
            handle.finish(
                .failed(
                    WalletStreamError(
                        code: .internalError, message: "the sync failed; see the server log",
                        underlying: error)))
        }
    }

    /// The wallet's last sync finished less than `maxAge` ago and none is in progress.
    private func isFresh(_ state: SyncState) -> Bool {
        guard state.runNewest == nil, let last = state.lastSyncedAt else { return false }
        return Double(Int64(Date().timeIntervalSince1970) - last) < maxAge.seconds
    }

    /// Syncs `handle`'s wallet under its lease; while another node holds the lease, follows
    /// that node's sync through the store instead.
    private func leasedSync(_ handle: SyncHandle) async throws -> SyncReport {
        let wallet = handle.wallet
        let start = ContinuousClock.now
        while try await !store.acquireSyncLease(wallet: wallet, owner: owner, for: leaseDuration) {
            let state = try await store.syncState(wallet: wallet)
            let followed = Self.followed(state, from: handle.current.progress)
            if followed != handle.current.progress { handle.update(followed) }
            _ = try await store.waitForSyncProgress(wallet: wallet, upTo: followInterval)
        }
        do {
            let report = try await syncHoldingLease(handle, start: start)
            try? await store.releaseSyncLease(wallet: wallet, owner: owner)
            return report
        } catch {
            try? await store.releaseSyncLease(wallet: wallet, owner: owner)
            throw error
        }
    }

    private func syncHoldingLease(_ handle: SyncHandle, start: ContinuousClock.Instant) async throws -> SyncReport {
        let wallet = handle.wallet
        // Another node may have finished this sync while we waited: nothing left to fetch.
        if !handle.isForced, isFresh(try await store.syncState(wallet: wallet)) {
            var report = SyncReport(wallet: wallet.rawValue)
            report.elapsed = ContinuousClock.now - start
            return report
        }
        return try await withThrowingTaskGroup(of: SyncReport?.self) { group in
            group.addTask { try await self.syncer.sync(wallet) { handle.update($0) } }
            group.addTask {
                while true {
                    try await Task.sleep(for: self.leaseDuration / 3)
                    guard
                        try await self.store.acquireSyncLease(
                            wallet: wallet, owner: self.owner, for: self.leaseDuration)
                    else {
                        throw WalletStreamError(
                            code: .upstreamUnavailable, message: "another node took over this wallet's sync")
                    }
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let report = result { return report }
            }
            throw CancellationError()
        }
    }

    /// The progress of a sync another node runs, as its checkpoint in the store shows it.
    static func followed(_ state: SyncState, from previous: SyncProgress) -> SyncProgress {
        var progress = previous
        progress.queuePosition = nil
        progress.transactionsPending = state.pending
        if state.listingComplete {
            progress.step = .fetchingTransactions
            progress.finalBeforeSlot = state.oldestPendingSlot
            progress.allFinal = state.pending == 0
        } else {
            // Listing (newest first) is not done: only what the last finished sync stored is final.
            progress.step = state.runNewest == nil && state.lastSyncedAt != nil ? .done : .listingSignatures
            progress.finalBeforeSlot = state.newestSyncedSlot
            progress.allFinal = state.runNewest == nil && state.lastSyncedAt != nil
        }
        return progress
    }
}
