import Foundation
import Synchronization

/// A ``ProgressBar`` that `@Sendable` progress callbacks can update; silent off a terminal.
final class SharedProgressBar: Sendable {
    private let bar: Mutex<ProgressBar?>

    init(unit: String) {
        bar = Mutex(StandardError.isTerminal ? ProgressBar(unit: unit) : nil)
    }

    func update(done: Int, total: Int) {
        bar.withLock { $0?.update(percentage: Double(done) * 100 / Double(max(total, 1)), sent: done, total: total) }
    }

    func finish() {
        bar.withLock { $0?.end() }
    }
}
