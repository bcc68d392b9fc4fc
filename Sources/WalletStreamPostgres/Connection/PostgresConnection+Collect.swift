import Logging
import NIOCore
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// Runs `query` and collects its rows on the connection's event loop; every statement of the
    /// store goes through here.
    ///
    /// PostgresNIO 1.33.2 stops the process on a precondition (RowStreamStateMachine, "How can we
    /// receive a body part, after a channelReadComplete") when the server closes a connection
    /// while rows of a result wait for the reader, as a restart of PostgreSQL under open streams
    /// does. Collecting here does not prevent that (the restart test still hit it); what does is a
    /// result of one row, which the hot read, a stream page, is (see `streamPage`). Other reads
    /// return bounded pages of many rows and are still exposed.
    ///
    /// Cancelling the task, or the task-local ``StatementDeadline``, stops the wait at once: a
    /// query on a connection whose server went away may never be answered.
    @discardableResult
    func collect(_ query: PostgresQuery, logger: Logger) async throws -> CollectedRows {
        let result: EventLoopFuture<PostgresQueryResult> = self.query(query, logger: logger)
        let waiter = ResultWaiter()
        let deadline = StatementDeadline.timeout.map { timeout in
            eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout / .nanoseconds(1)))) {
                waiter.resume(with: .failure(StatementDeadline.Expired()))
            }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiter.wait(continuation)
                result.whenComplete {
                    deadline?.cancel()
                    waiter.resume(with: $0.map { CollectedRows(rows: $0.rows) })
                }
            }
        } onCancel: {
            waiter.resume(with: .failure(CancellationError()))
        }
    }
}

/// How long a statement may go unanswered (see ``PostgresTradeStore/statementDeadline``), for
/// the statements a store operation runs.
enum StatementDeadline {
    @TaskLocal static var timeout: Duration?

    struct Expired: Error {}
}

/// The one continuation of a ``PostgresConnection/collect(_:logger:)``, resumed by whichever
/// comes first: the answer or the task's cancellation.
final class ResultWaiter: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<CollectedRows, any Error>)
        case done(Result<CollectedRows, any Error>)
        case resumed
    }

    private let state = Mutex(State.idle)

    func wait(_ continuation: CheckedContinuation<CollectedRows, any Error>) {
        let early = state.withLock { state -> Result<CollectedRows, any Error>? in
            guard case .done(let result) = state else {
                state = .waiting(continuation)
                return nil
            }
            state = .resumed
            return result
        }
        if let early { continuation.resume(with: early) }
    }

    func resume(with result: Result<CollectedRows, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<CollectedRows, any Error>? in
            switch state {
            case .idle:
                state = .done(result)
                return nil
            case .waiting(let continuation):
                state = .resumed
                return continuation
            case .done, .resumed:
                return nil
            }
        }
        continuation?.resume(with: result)
    }
}

/// The rows of a statement, read whole (see ``PostgresConnection/collect(_:logger:)``), iterated
/// like PostgresNIO's row sequence.
struct CollectedRows: AsyncSequence, Sendable {
    let rows: [PostgresRow]

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[PostgresRow]>

        mutating func next() async -> PostgresRow? { base.next() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: rows.makeIterator()) }

    /// The rows decoded as `types`, as they are iterated.
    func decode<each Column: PostgresDecodable>(_ types: (repeat each Column).Type) -> DecodedRows<
        (repeat each Column)
    > {
        DecodedRows(rows: rows) { try $0.decode((repeat each Column).self) }
    }
}

/// ``CollectedRows`` decoded one by one.
struct DecodedRows<Element>: AsyncSequence {
    let rows: [PostgresRow]
    let decode: (PostgresRow) throws -> Element

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: IndexingIterator<[PostgresRow]>
        let decode: (PostgresRow) throws -> Element

        mutating func next() async throws -> Element? {
            try base.next().map(decode)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: rows.makeIterator(), decode: decode) }
}
