import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to the process's standard error, unbuffered, for progress and diagnostics that
/// must never mix with the data on standard output.
enum StandardError {
    /// Whether standard error is a terminal, i.e. whether progress bars are wanted there.
    static var isTerminal: Bool { isatty(2) == 1 }

    static func emit(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                // A closed or broken stderr is no reason to fail the command.
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}

/// Lines to stdout without stdio's buffering: scripts, the benchmark and child-process readers
/// wait for them on a pipe.
func printUnbuffered(_ lines: String...) {
    FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
}
