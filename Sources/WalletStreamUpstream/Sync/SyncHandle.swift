import Synchronization
import WalletStreamCore

/// One running (or finished) sync that any number of requests can watch.
///
/// Watchers wait for the next change with ``next(after:)``; each holds one continuation at a
/// time, so nothing queues up however fast the sync reports.
public final class SyncHandle: Sendable {
    public enum Outcome: Sendable {
        case finished(SyncReport)
        case failed(WalletStreamError)
    }

    /// A consistent view of the sync.
    public struct Snapshot: Sendable {
        public var version: Int
        public var progress: SyncProgress
        public var outcome: Outcome?
    }

    private struct State {
        var snapshot = Snapshot(version: 0, progress: SyncProgress(), outcome: nil)
        var waiters: [Int: CheckedContinuation<Snapshot, Never>] = [:]
        var nextWaiter = 0
    }

    public let wallet: WalletAddress
    /// The wallet was synced before: this sync only fetches newer trades, and requests are
    /// answered from the store meanwhile (stale-while-revalidate).
    public let isRefresh: Bool
    /// Started however recently the wallet was synced (the poll of a followed wallet).
    public let isForced: Bool
    private let state: Mutex<State>

    init(
        wallet: WalletAddress, isRefresh: Bool = false, isForced: Bool = false, progress: SyncProgress = SyncProgress()
    ) {
        self.wallet = wallet
        self.isRefresh = isRefresh
        self.isForced = isForced
        state = Mutex(State(snapshot: Snapshot(version: 0, progress: progress, outcome: nil)))
    }

    public var current: Snapshot { state.withLock { $0.snapshot } }

    /// Waits until the version passes `version` (returns at once if it already has, or when the
    /// sync is over); returns early with the current snapshot if the task is cancelled.
    public func next(after version: Int) async -> Snapshot {
        let id = state.withLock { state -> Int in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Snapshot, Never>) in
                let ready = state.withLock { state -> Snapshot? in
                    if state.snapshot.version > version || state.snapshot.outcome != nil || Task.isCancelled {
                        return state.snapshot
                    }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let (waiter, snapshot) = state.withLock { state in (state.waiters.removeValue(forKey: id), state.snapshot) }
            waiter?.resume(returning: snapshot)
        }
    }

    /// Waits for the sync to end and returns how it ended.
    public func outcome() async -> Outcome {
        var snapshot = current
        while true {
            if let outcome = snapshot.outcome { return outcome }
            snapshot = await next(after: snapshot.version)
            if Task.isCancelled, snapshot.outcome == nil {
                return .failed(WalletStreamError(code: .shuttingDown, message: "cancelled while waiting for a sync"))
            }
        }
    }

    func update(_ progress: SyncProgress) { publish { $0.progress = progress } }

    func finish(_ outcome: Outcome) { publish { $0.outcome = outcome } }

    private func publish(_ change: (inout Snapshot) -> Void) {
        let (waiters, snapshot) = state.withLock { state in
            change(&state.snapshot)
            state.snapshot.version += 1
            defer { state.waiters.removeAll() }
            return (Array(state.waiters.values), state.snapshot)
        }
        for waiter in waiters { waiter.resume(returning: snapshot) }
    }
}
