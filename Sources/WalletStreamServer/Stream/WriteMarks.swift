import Synchronization

/// How many of a stream's writes the event loop has reached (see ``StreamController``).
final class WriteMarks: Sendable {
    private let marks = Atomic<Int>(0)

    /// Called on the event loop after a write it has passed on.
    func mark() { marks.add(1, ordering: .relaxed) }

    var count: Int { marks.load(ordering: .relaxed) }
}
