import GRDB
import Synchronization

/// Read-only connections for short reads run on the calling thread, taken without waiting.
///
/// A stream reads a page every few hundred trades; handing each read to a reader queue and back
/// costs two thread wakeups, more than the query itself when its pages are cached. Blocking a
/// Swift concurrency thread on GRDB's pool would risk a deadlock (every thread waiting for a
/// reader whose release needs one of them), so these connections are separate and a caller that
/// finds none free falls back to the pool's asynchronous read.
final class InlineReaders: Sendable {
    private let free: Mutex<[DatabaseQueue]>

    init(path: String, count: Int, configuration: Configuration) throws {
        var configuration = configuration
        configuration.readonly = true
        free = Mutex(try (0..<count).map { _ in try DatabaseQueue(path: path, configuration: configuration) })
    }

    /// Runs `body` on a free connection on this thread; nil when none is free.
    func read<T>(_ body: (Database) throws -> T) throws -> T? {
        guard let queue = free.withLock({ $0.popLast() }) else { return nil }
        defer { free.withLock { $0.append(queue) } }
        return try queue.read(body)
    }
}
