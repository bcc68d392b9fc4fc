import Dispatch
import Synchronization
import WalletStreamCore
import WalletStreamStore

/// Carries trades from a synchronous producer on a thread of its own (an import reading its
/// file) to the asynchronous writer of a PostgreSQL transaction, a batch at a time.
///
/// At most one batch waits between them: a producer ahead of the database blocks its thread
/// until the writer takes the batch, so memory stays bounded however large the import.
final class TradeHandoff: Sendable {
    typealias Batch = [(wallet: WalletAddress, trade: Trade)]

    private struct State {
        var waiting: Batch?
        var consumer: CheckedContinuation<Batch?, any Error>?
        var producerBlocked = false
        var finished = false
        /// The producer's failure, or the writer's cancellation.
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let space = DispatchSemaphore(value: 0)

    /// Hands `batch` over; blocks while an earlier one is still waiting. Throws once the writer
    /// has given up.
    func put(_ batch: Batch) throws {
        while true {
            enum Step {
                case handed(CheckedContinuation<Batch?, any Error>?)
                case wait
                case failed(any Error)
            }
            let step = state.withLock { state -> Step in
                if let failure = state.failure { return .failed(failure) }
                if let consumer = state.consumer {
                    state.consumer = nil
                    return .handed(consumer)
                }
                guard state.waiting != nil else {
                    state.waiting = batch
                    return .handed(nil)
                }
                state.producerBlocked = true
                return .wait
            }
            switch step {
            case .handed(let consumer):
                consumer?.resume(returning: batch)
                return
            case .wait:
                space.wait()
            case .failed(let error):
                throw error
            }
        }
    }

    /// The producer is done: the writer gets nil after the last batch.
    func finish() {
        let consumer = state.withLock { state -> CheckedContinuation<Batch?, any Error>? in
            state.finished = true
            defer { state.consumer = nil }
            return state.consumer
        }
        consumer?.resume(returning: nil)
    }

    /// Ends the hand-off with `error`: the producer's own failure (the writer's `next()` throws
    /// it), or the writer giving up (the producer's `put` throws it).
    func fail(_ error: any Error) {
        let (consumer, blocked) = state.withLock { state in
            if state.failure == nil { state.failure = error }
            state.waiting = nil
            defer {
                state.consumer = nil
                state.producerBlocked = false
            }
            return (state.consumer, state.producerBlocked)
        }
        consumer?.resume(throwing: error)
        if blocked { space.signal() }
    }

    /// The next batch, or nil when the producer has finished.
    func next() async throws -> Batch? {
        try await withCheckedThrowingContinuation { continuation in
            enum Step {
                case batch(Batch, wakeProducer: Bool)
                case end
                case failed(any Error)
                case parked
            }
            let step = state.withLock { state -> Step in
                if let failure = state.failure { return .failed(failure) }
                if let batch = state.waiting {
                    state.waiting = nil
                    defer { state.producerBlocked = false }
                    return .batch(batch, wakeProducer: state.producerBlocked)
                }
                if state.finished { return .end }
                state.consumer = continuation
                return .parked
            }
            switch step {
            case .batch(let batch, let wakeProducer):
                if wakeProducer { space.signal() }
                continuation.resume(returning: batch)
            case .end:
                continuation.resume(returning: nil)
            case .failed(let error):
                continuation.resume(throwing: error)
            case .parked:
                break
            }
        }
    }
}

/// The sink an import's producer writes into: trades gather into batches for the hand-off.
/// Whether a trade was already stored is only known once its batch is written, so `add`
/// reports every trade as new; the transaction's ``InsertCounts`` has the real figures.
struct HandoffSink: TradeSink {
    let handoff: TradeHandoff
    let batchSize: Int
    private var batch: TradeHandoff.Batch = []

    init(handoff: TradeHandoff, batchSize: Int) {
        self.handoff = handoff
        self.batchSize = batchSize
        batch.reserveCapacity(batchSize)
    }

    @discardableResult
    mutating func add(_ trade: Trade, wallet: WalletAddress) throws -> Bool {
        batch.append((wallet, trade))
        if batch.count >= batchSize { try flush() }
        return true
    }

    mutating func flush() throws {
        guard !batch.isEmpty else { return }
        try handoff.put(batch)
        batch = []
        batch.reserveCapacity(batchSize)
    }
}
