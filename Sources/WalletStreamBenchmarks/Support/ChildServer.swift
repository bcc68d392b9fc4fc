import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A server started as a child process (so its memory is measured apart from the client's),
/// ready once it prints `listening on http://HOST:PORT`.
public final class ChildServer: @unchecked Sendable {
    // @unchecked: `process` is only touched from the owning benchmark task.
    public let process: Process
    public let baseURL: String
    public var pid: String { String(process.processIdentifier) }

    public init(executable: String, arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var buffer = Data()
        var found: String?
        let handle = output.fileHandleForReading
        while found == nil {
            let data = handle.availableData
            guard !data.isEmpty else { break }
            buffer.append(data)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "listening on ") {
                let rest = text[range.upperBound...]
                if let end = rest.firstIndex(where: { $0 == " " || $0 == "\n" }) { found = String(rest[..<end]) }
            }
        }
        guard let found else {
            process.terminate()
            throw BenchError("server \(arguments.joined(separator: " ")) did not start")
        }
        baseURL = found
        // Keep draining stdout so the child never blocks on a full pipe.
        handle.readabilityHandler = { $0.availableData.isEmpty ? ($0.readabilityHandler = nil) : () }
    }

    public func stop() {
        process.interrupt()
        process.waitUntilExit()
    }

    /// Stops the child at once (SIGKILL), for a child whose graceful shutdown would wait on
    /// requests held open on purpose.
    public func kill() {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public var residentBytes: Int { ProcessMemory.resident(pid: pid) }
    public var peakBytes: Int { ProcessMemory.peak(pid: pid) }
    public func resetPeak() { ProcessMemory.resetPeak(pid: pid) }
}

public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
