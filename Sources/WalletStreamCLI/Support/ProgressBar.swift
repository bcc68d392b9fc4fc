/// A one-line progress bar redrawn in place on a terminal's standard error.
struct ProgressBar {
    var unit = "trades"
    var width = 30
    private var lastDrawn = ""

    init(unit: String = "trades") {
        self.unit = unit
    }

    /// Redraws the bar if its text changed; `percentage` is 0 to 100.
    mutating func update(percentage: Double, sent: Int, total: Int) {
        let clamped = min(max(percentage.isFinite ? percentage : 0, 0), 100)
        let filled = Int((clamped / 100 * Double(width)).rounded(.down))
        let tenths = Int((clamped * 10).rounded())
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "[\(bar)] \(tenths / 10).\(tenths % 10)% \(sent)/\(total) \(unit)"
        guard line != lastDrawn else { return }
        lastDrawn = line
        // \r returns to column 0; ESC[K clears what a longer previous line left behind.
        StandardError.emit("\r\(line)\u{1B}[K")
    }

    /// Moves past the bar so later output starts on a fresh line.
    mutating func end() {
        guard !lastDrawn.isEmpty else { return }
        StandardError.emit("\n")
        lastDrawn = ""
    }
}
