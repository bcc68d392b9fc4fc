import DequeModule

/// The decisions of ``StreamMailbox``, without locks or continuations: each call takes an event
/// and says whom to wake. Generic over the chunk type so that it is tested with plain values.
///
/// Invariants: at most `capacity` chunks are queued; at most one ping is pending however long
/// the writer is blocked; once the client is gone nothing is queued and nobody waits.
struct StreamMailboxStateMachine<Chunk> {
    /// What the writer gets next.
    enum Item {
        case chunk(Chunk)
        case ping
        /// Every chunk before it has been taken (none, for `.disconnected`).
        case ended(StreamEnding)
    }

    enum SendAction {
        /// Hand the chunk straight to the waiting writer; the producer goes on.
        case deliver(Item)
        /// Queued; the producer goes on.
        case accepted
        /// Queued, and the queue is full: the producer waits for the writer.
        case suspendProducer
        /// Nobody will read it: the producer stops.
        case reject
    }

    enum NextAction {
        /// Give the writer `item`; wake a producer waiting for room when `resumeProducer`.
        case deliver(Item, resumeProducer: Bool)
        /// Nothing to write yet: the writer waits.
        case suspendConsumer
    }

    /// Whom an ending or a disconnect wakes.
    struct Wakeups {
        /// Give the waiting writer this item.
        var consumer: Item?
        /// Fail the producer waiting for room (it stops).
        var failProducer: Bool
    }

    let capacity: Int
    private(set) var queued = Deque<Chunk>()
    private(set) var pingPending = false
    private var ending: StreamEnding?
    private(set) var disconnected = false
    private(set) var consumerWaiting = false
    private(set) var producerWaiting = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The producer offers a chunk.
    mutating func send(_ chunk: Chunk, cancelled: Bool) -> SendAction {
        if disconnected || ending != nil || cancelled { return .reject }
        if consumerWaiting {
            consumerWaiting = false
            return .deliver(.chunk(chunk))
        }
        queued.append(chunk)
        if queued.count < capacity { return .accepted }
        producerWaiting = true
        return .suspendProducer
    }

    /// The producer's task was cancelled while it waited: it must be failed now.
    mutating func producerCancelled() -> Bool {
        defer { producerWaiting = false }
        return producerWaiting
    }

    /// The heartbeat timer fired: wake an idle writer with a ping, or leave one pending.
    mutating func ping() -> Item? {
        guard !disconnected else { return nil }
        if consumerWaiting {
            consumerWaiting = false
            return .ping
        }
        pingPending = true
        return nil
    }

    /// The producer is done (or failed, or the server stops): the writer drains what is queued,
    /// then gets the ending. Only the first ending counts.
    mutating func end(_ ending: StreamEnding) -> Wakeups {
        guard self.ending == nil, !disconnected else { return Wakeups(consumer: nil, failProducer: false) }
        self.ending = ending
        let failProducer = producerWaiting
        producerWaiting = false
        guard consumerWaiting else { return Wakeups(consumer: nil, failProducer: failProducer) }
        consumerWaiting = false
        return Wakeups(consumer: .ended(ending), failProducer: failProducer)
    }

    /// The client is gone: drop the queue and wake everyone.
    mutating func disconnect() -> Wakeups {
        disconnected = true
        queued.removeAll()
        pingPending = false
        defer {
            consumerWaiting = false
            producerWaiting = false
        }
        return Wakeups(consumer: consumerWaiting ? .ended(.disconnected) : nil, failProducer: producerWaiting)
    }

    /// The writer asks for the next item. A ping goes first, so that a heartbeat never waits
    /// behind queued chunks.
    mutating func next(cancelled: Bool) -> NextAction {
        if disconnected || cancelled { return .deliver(.ended(.disconnected), resumeProducer: false) }
        if pingPending {
            pingPending = false
            return .deliver(.ping, resumeProducer: false)
        }
        if let chunk = queued.popFirst() {
            defer { producerWaiting = false }
            return .deliver(.chunk(chunk), resumeProducer: producerWaiting)
        }
        if let ending { return .deliver(.ended(ending), resumeProducer: false) }
        consumerWaiting = true
        return .suspendConsumer
    }
}
