import DequeModule
import NIOCore
import Synchronization

/// The bounded hand-off between a stream's producer, its heartbeat timer and the task that
/// writes to the socket.
///
/// At most `capacity` chunks wait here; a producer that gets ahead suspends in ``send(_:)``
/// until the writer, itself suspended on a slow socket, takes one. The heartbeat only raises a
/// flag, so a blocked writer never accumulates pings. Nothing in here grows without bound.
final class StreamMailbox: Sendable {
    enum Item {
        case chunk(ByteBuffer)
        case ping
        /// The producer is done and every chunk has been taken.
        case finished
        /// The server is shutting down; every chunk already produced has been taken.
        case shuttingDown
        /// The producer failed; every chunk produced before has been taken.
        case failed(any Error)
        /// The client went away; pending chunks were dropped.
        case disconnected
    }

    private enum Ending {
        case finished
        case shuttingDown
        case failed(any Error)
    }

    private struct State {
        var chunks = Deque<ByteBuffer>()
        var pingPending = false
        var ending: Ending?
        var disconnected = false
        var consumer: CheckedContinuation<Item, Never>?
        var producer: CheckedContinuation<Void, any Error>?
    }

    /// Thrown to the producer once nobody will read what it sends.
    struct Closed: Error {}

    private let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int = 2) {
        self.capacity = max(1, capacity)
    }

    /// Queues a chunk, waiting while `capacity` chunks are already queued.
    func send(_ chunk: ByteBuffer) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let action:
                    (consumer: CheckedContinuation<Item, Never>?, item: Item?, result: Result<Void, any Error>?) =
                        state.withLock { state in
                            if state.disconnected || state.ending != nil || Task.isCancelled {
                                return (nil, nil, .failure(Closed()))
                            }
                            if let consumer = state.consumer {
                                state.consumer = nil
                                return (consumer, .chunk(chunk), .success(()))
                            }
                            state.chunks.append(chunk)
                            if state.chunks.count < capacity { return (nil, nil, .success(())) }
                            state.producer = continuation
                            return (nil, nil, nil)
                        }
                if let consumer = action.consumer, let item = action.item { consumer.resume(returning: item) }
                if let result = action.result { continuation.resume(with: result) }
            }
        } onCancel: {
            let producer = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                defer { state.producer = nil }
                return state.producer
            }
            producer?.resume(throwing: CancellationError())
        }
    }

    /// Asks the writer for a heartbeat; repeated calls before it is written collapse into one.
    func ping() {
        let consumer = state.withLock { state -> CheckedContinuation<Item, Never>? in
            guard !state.disconnected else { return nil }
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.pingPending = true
            return nil
        }
        consumer?.resume(returning: .ping)
    }

    /// The producer is done: the writer gets the remaining chunks, then `.finished`.
    func finish() { end(.finished) }

    /// The producer failed: the writer gets the remaining chunks, then `.failed`.
    func fail(_ error: any Error) { end(.failed(error)) }

    /// Graceful shutdown: the producer stops at its next send; the writer gets the remaining
    /// chunks, then `.shuttingDown`.
    func shutDown() { end(.shuttingDown) }

    /// The client is gone: wake everyone and drop what is queued.
    func disconnect() {
        let (consumer, producer) = state.withLock { state in
            state.disconnected = true
            state.chunks.removeAll()
            defer {
                state.consumer = nil
                state.producer = nil
            }
            return (state.consumer, state.producer)
        }
        consumer?.resume(returning: .disconnected)
        producer?.resume(throwing: Closed())
    }

    private func end(_ ending: Ending) {
        let (consumer, item, producer) = state.withLock {
            state -> (CheckedContinuation<Item, Never>?, Item?, CheckedContinuation<Void, any Error>?) in
            guard state.ending == nil, !state.disconnected else { return (nil, nil, nil) }
            state.ending = ending
            let producer = state.producer
            state.producer = nil
            guard let consumer = state.consumer else { return (nil, nil, producer) }
            state.consumer = nil
            return (consumer, Self.item(for: ending), producer)
        }
        if let consumer, let item { consumer.resume(returning: item) }
        producer?.resume(throwing: Closed())
    }

    /// The next thing to write. Pings go first so that a heartbeat is never stuck behind a queue.
    func next() async -> Item {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Item, Never>) in
                let (item, producer) = state.withLock { state -> (Item?, CheckedContinuation<Void, any Error>?) in
                    if state.disconnected || Task.isCancelled { return (.disconnected, nil) }
                    if state.pingPending {
                        state.pingPending = false
                        return (.ping, nil)
                    }
                    if let chunk = state.chunks.popFirst() {
                        let producer = state.producer
                        state.producer = nil
                        return (.chunk(chunk), producer)
                    }
                    if let ending = state.ending { return (Self.item(for: ending), nil) }
                    state.consumer = continuation
                    return (nil, nil)
                }
                producer?.resume()
                if let item { continuation.resume(returning: item) }
            }
        } onCancel: {
            disconnect()
        }
    }

    private static func item(for ending: Ending) -> Item {
        switch ending {
        case .finished: .finished
        case .shuttingDown: .shuttingDown
        case .failed(let error): .failed(error)
        }
    }
}
