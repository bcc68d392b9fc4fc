import Foundation
import WalletStreamCore

/// Resident memory of a process from `/proc`, in bytes.
public enum ProcessMemory {
    /// Current resident set size (`VmRSS`).
    public static func resident(pid: String = "self") -> Int { field("VmRSS", pid: pid) }

    /// Peak resident set size since start or the last ``resetPeak(pid:)`` (`VmHWM`).
    public static func peak(pid: String = "self") -> Int { field("VmHWM", pid: pid) }

    /// Resets the peak, so that each benchmark phase reports its own.
    public static func resetPeak(pid: String = "self") {
        try? "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
    }

    static func field(_ name: String, pid: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return digits * 1024
        }
        return 0
    }
}

/// Formatting for benchmark reports.
public enum BenchFormat {
    public static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }

    public static func rate(_ count: Int, _ duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds > 0 ? Int(Double(count) / seconds).grouped + "/s" : "∞"
    }

    public static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.2f ms", duration.seconds * 1000)
    }
}
