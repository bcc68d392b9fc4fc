import NIOCore

/// The three read deadlines of one connection, on its event loop:
/// - *idle* (`--idle-timeout`): no byte of a new request since the connection opened or its
///   last response ended;
/// - *header* (`--header-timeout`): a request's head not complete this long after its first byte
///   (slowloris);
/// - *body* (`--body-timeout`): no part of a request body for this long while one is read.
///
/// While a response is being written (an open stream above all) nothing runs out. Past a deadline
/// the connection is closed.
final class ConnectionTimeouts {
    struct Limits: Sendable {
        var idle: TimeAmount
        var header: TimeAmount
        var body: TimeAmount
    }

    private enum State {
        case idle
        case readingHead
        case readingBody
        case responding
    }

    private let limits: Limits
    private var state = State.idle
    private var channel: (any Channel)?
    private var deadline: Scheduled<Void>?

    init(limits: Limits) {
        self.limits = limits
    }

    func opened(_ channel: any Channel) {
        self.channel = channel
        arm(limits.idle)
    }

    func closed() {
        deadline?.cancel()
        deadline = nil
        channel = nil
    }

    /// Bytes arrived (before any parsing).
    func bytesArrived() {
        guard case .idle = state else { return }
        state = .readingHead
        arm(limits.header)
    }

    /// A request head is complete: its body (or its end) is read next.
    func headRead() {
        state = .readingBody
        arm(limits.body)
    }

    func bodyPartRead() {
        guard case .readingBody = state else { return }
        arm(limits.body)
    }

    /// The request is read: the response is being written.
    func requestRead() {
        state = .responding
        deadline?.cancel()
        deadline = nil
    }

    /// The response ended: wait for the next request.
    func responseEnded() {
        state = .idle
        arm(limits.idle)
    }

    private func arm(_ limit: TimeAmount) {
        deadline?.cancel()
        guard let channel else { return }
        // Captures the channel, not this loop-bound object; every change of state and the
        // connection's end cancel the task.
        deadline = channel.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
    }
}
