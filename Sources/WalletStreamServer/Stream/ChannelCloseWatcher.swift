import NIOCore
import Synchronization

/// Waits for a connection to close, cancellably.
enum ChannelCloseWatcher {
    /// Returns when `channel` closes or the task is cancelled; true when it closed.
    static func waitForClose(_ channel: any Channel) async -> Bool {
        let state = Mutex<(continuation: CheckedContinuation<Void, Never>?, fired: Bool)>((nil, false))
        @Sendable func fire() {
            let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.fired = true
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume()
        }
        channel.closeFuture.whenComplete { _ in fire() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let fired = state.withLock { state -> Bool in
                    if state.fired { return true }
                    state.continuation = continuation
                    return false
                }
                if fired { continuation.resume() }
            }
        } onCancel: {
            fire()
        }
        return !Task.isCancelled
    }
}
