import Foundation
import Synchronization

/// Writing to stderr, and a progress bar that only draws on a terminal.
enum Terminal {
    static var stderrIsTTY: Bool { isatty(STDERR_FILENO) == 1 }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// A one-line progress bar on stderr, redrawn at most 10 times a second; silent off a terminal.
struct ProgressBar {
    let label: String
    let total: Int64
    let enabled: Bool
    private var lastDraw: ContinuousClock.Instant?

    init(label: String, total: Int64, enabled: Bool = Terminal.stderrIsTTY) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = enabled
    }

    mutating func update(_ done: Int64, detail: String = "") {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(100), done < total { return }
        lastDraw = now
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "\r\(label) \(bar) \(Int(fraction * 100))% \(detail)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

extension Int {
    /// `6483` → `"6,483"`.
    var grouped: String {
        let digits = String(magnitude)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return self < 0 ? "-" + result : result
    }
}

/// A ``ProgressBar`` that `@Sendable` progress callbacks can update.
final class SharedProgressBar: Sendable {
    private let bar: Mutex<ProgressBar>

    init(label: String, total: Int64) {
        bar = Mutex(ProgressBar(label: label, total: total))
    }

    func update(_ done: Int64, detail: String = "") {
        bar.withLock { $0.update(done, detail: detail) }
    }

    func finish() {
        bar.withLock { $0.finish() }
    }
}
