import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import WalletStreamCore
import WalletStreamStore

/// Runs on-demand syncs for the server: one sync per wallet at a time, shared by every request
/// that needs it, at most `maxConcurrentSyncs` at once. A `Service`: syncs run inside ``run()``'s
/// task group, never as detached tasks, and stop with it.
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
    let logger: Logger
    private let metrics = UpstreamMetrics()
    private let state = Mutex(State())

    public init(
        syncer: WalletSyncer, store: any WalletSyncer.Store, maxAge: Duration, maxConcurrentSyncs: Int = 4,
        logger: Logger
    ) {
        self.syncer = syncer
        self.store = store
        self.maxAge = maxAge
        self.maxConcurrentSyncs = max(1, maxConcurrentSyncs)
        self.logger = logger
    }

    /// The sync `wallet` needs before it is served: the one already running, a new one when
    /// the wallet was never synced or is older than `maxAge`, or nil when it is fresh.
    ///
    /// `admit` is asked before a new sync starts (joining a running one is free): it returns nil
    /// to let it start, or how long until it may. Refused, a wallet synced before is served as
    /// stored (nil), and one never synced is a `RATE_LIMITED` error.
    public func syncIfNeeded(
        _ wallet: WalletAddress, client: String = "", admit: @Sendable () -> Duration? = { nil }
    ) async throws -> SyncHandle? {
        if let running = state.withLock({ $0.running[wallet] }) { return running }
        let sync = try await store.syncState(wallet: wallet)
        if let last = sync.lastSyncedAt, sync.runNewest == nil,
            Double(Int64(Date().timeIntervalSince1970) - last) < maxAge.seconds
        {
            return nil
        }
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
                wallet: wallet, isRefresh: refresh,
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
            let report = try await syncer.sync(handle.wallet) { handle.update($0) }
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
}
