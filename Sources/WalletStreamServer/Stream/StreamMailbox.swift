import NIOCore
import Synchronization

/// The bounded hand-off between a stream's producer, its heartbeat timer and the task that
/// writes to the socket: a thin shell that keeps the continuations and carries out what
/// ``StreamMailboxStateMachine`` decides.
///
/// At most `capacity` chunks wait here; a producer that gets ahead suspends in ``send(_:)``
/// until the writer, itself suspended on a slow socket, takes one. Nothing in here grows
/// without bound.
final class StreamMailbox: Sendable {
    typealias Machine = StreamMailboxStateMachine<ByteBuffer>
    typealias Item = Machine.Item

    private struct State {
        var machine: Machine
        var consumer: CheckedContinuation<Item, Never>?
        var producer: CheckedContinuation<Void, any Error>?

        /// Takes the continuations that `wakeups` names.
        mutating func take(
            _ wakeups: Machine.Wakeups
        ) -> (CheckedContinuation<Item, Never>?, CheckedContinuation<Void, any Error>?) {
            let consumer = wakeups.consumer == nil ? nil : self.consumer.take()
            let producer = wakeups.failProducer ? self.producer.take() : nil
            return (consumer, producer)
        }
    }

    /// Thrown to the producer once nobody will read what it sends.
    struct Closed: Error {}

    private let state: Mutex<State>

    init(capacity: Int = 2) {
        state = Mutex(State(machine: Machine(capacity: capacity)))
    }

    /// Queues a chunk, waiting while `capacity` chunks are already queued.
    func send(_ chunk: ByteBuffer) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (action, consumer) = state.withLock { state in
                    let action = state.machine.send(chunk, cancelled: Task.isCancelled)
                    switch action {
                    case .deliver: return (action, state.consumer.take())
                    case .suspendProducer: state.producer = continuation
                    case .accepted, .reject: break
                    }
                    return (action, nil)
                }
                switch action {
                case .deliver(let item):
                    consumer?.resume(returning: item)
                    continuation.resume()
                case .accepted: continuation.resume()
                case .reject: continuation.resume(throwing: Closed())
                case .suspendProducer: break
                }
            }
        } onCancel: {
            let producer = state.withLock { state in state.machine.producerCancelled() ? state.producer.take() : nil }
            producer?.resume(throwing: CancellationError())
        }
    }

    /// Asks the writer for a heartbeat; repeated calls before it is written collapse into one.
    func ping() {
        let wake = state.withLock { state in
            state.machine.ping().flatMap { item in state.consumer.take().map { ($0, item) } }
        }
        if let (consumer, item) = wake { consumer.resume(returning: item) }
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
        let (wakeups, consumer, producer) = state.withLock { state in
            let wakeups = state.machine.disconnect()
            let (consumer, producer) = state.take(wakeups)
            return (wakeups, consumer, producer)
        }
        if let item = wakeups.consumer { consumer?.resume(returning: item) }
        producer?.resume(throwing: Closed())
    }

    private func end(_ ending: StreamEnding) {
        let (wakeups, consumer, producer) = state.withLock { state in
            let wakeups = state.machine.end(ending)
            let (consumer, producer) = state.take(wakeups)
            return (wakeups, consumer, producer)
        }
        if let item = wakeups.consumer { consumer?.resume(returning: item) }
        producer?.resume(throwing: Closed())
    }

    /// The next thing to write.
    func next() async -> Item {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Item, Never>) in
                let (action, producer) = state.withLock { state in
                    let action = state.machine.next(cancelled: Task.isCancelled)
                    switch action {
                    case .deliver(_, let resumeProducer):
                        return (action, resumeProducer ? state.producer.take() : nil)
                    case .suspendConsumer:
                        state.consumer = continuation
                        return (action, nil)
                    }
                }
                producer?.resume()
                if case .deliver(let item, _) = action { continuation.resume(returning: item) }
            }
        } onCancel: {
            disconnect()
        }
    }
}
