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
        // A closed or broken stderr is no reason to fail the command.
        _ = text.withUTF8 { writeFully(2, UnsafeRawBufferPointer($0)) }
    }
}

/// Lines to stdout without stdio's buffering: scripts, the benchmark and child-process readers
/// wait for them on a pipe.
func printUnbuffered(_ lines: String...) {
    var text = lines.joined(separator: "\n") + "\n"
    _ = text.withUTF8 { writeFully(1, UnsafeRawBufferPointer($0)) }
}
