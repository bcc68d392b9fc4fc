import DequeModule
import Logging
import Metrics
import NIOCore
import Synchronization

/// Holds the server's open connections to `--max-connections`.
///
/// A connection is *busy* from a request head until its response ended, else *idle* (just
/// connected, headers not finished, keep-alive between requests). A new connection past the cap
/// closes the connection idle the longest, so a flood of idle or slow-header connections cannot
/// lock out real clients (`/health` included); when every connection is busy, the new one is
/// closed at once. The listener keeps accepting either way, so nothing spins.
public final class ConnectionLimiter: Sendable {
    struct Entry {
        var channel: any Channel
        var busy = false
        /// Bumped on every change to idle: queue entries of older generations are stale.
        var generation = 0
    }

    private struct State {
        var connections: [ObjectIdentifier: Entry] = [:]
        /// Idle connections, longest idle first; stale entries are skipped when popped.
        var idleQueue = Deque<(id: ObjectIdentifier, generation: Int)>()
        var nextGeneration = 0

        mutating func markIdle(_ id: ObjectIdentifier) {
            guard connections[id] != nil else { return }
            nextGeneration += 1
            connections[id]?.busy = false
            connections[id]?.generation = nextGeneration
            idleQueue.append((id, nextGeneration))
            // Entries go stale with every request and close: drop them before they outnumber
            // the live connections, so the queue stays proportional to what is open.
            if idleQueue.count > 2 * connections.count + 64 {
                idleQueue = Deque(
                    idleQueue.filter { entry in
                        connections[entry.id].map { !$0.busy && $0.generation == entry.generation } ?? false
                    })
            }
        }

        /// Removes and returns the connection idle the longest.
        mutating func popLongestIdle() -> (any Channel)? {
            while let (id, generation) = idleQueue.popFirst() {
                guard let entry = connections[id], !entry.busy, entry.generation == generation else { continue }
                connections[id] = nil
                return entry.channel
            }
            return nil
        }
    }

    public let maxConnections: Int
    private let state = Mutex(State())
    private let logger: Logger
    private let openGauge = Gauge(label: "walletstream_open_connections")
    private let refused = Counter(label: "walletstream_connections_refused_total")
    private let evicted = Counter(label: "walletstream_connections_evicted_total")

    public init(maxConnections: Int, logger: Logger) {
        self.maxConnections = max(1, maxConnections)
        self.logger = logger
    }

    /// Connections currently held.
    public var count: Int { state.withLock { $0.connections.count } }

    /// A connection opened: admitted (evicting the longest idle one past the cap) or closed.
    func opened(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let (admitted, victim, count) = state.withLock { state -> (Bool, (any Channel)?, Int) in
            var victim: (any Channel)?
            if state.connections.count >= maxConnections {
                victim = state.popLongestIdle()
                guard victim != nil else { return (false, nil, state.connections.count) }
            }
            state.connections[id] = Entry(channel: channel)
            state.markIdle(id)
            return (true, victim, state.connections.count)
        }
        openGauge.record(count)
        if let victim {
            evicted.increment()
            victim.close(promise: nil)
        }
        if !admitted {
            refused.increment()
            logger.debug("connection refused at the cap", metadata: ["max_connections": "\(maxConnections)"])
            channel.close(promise: nil)
        }
    }

    func closed(_ channel: any Channel) {
        let count = state.withLock { state in
            state.connections[ObjectIdentifier(channel)] = nil
            return state.connections.count
        }
        openGauge.record(count)
    }

    func requestStarted(_ channel: any Channel) {
        state.withLock { $0.connections[ObjectIdentifier(channel)]?.busy = true }
    }

    func responseEnded(_ channel: any Channel) {
        state.withLock { $0.markIdle(ObjectIdentifier(channel)) }
    }
}
