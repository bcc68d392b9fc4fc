import Foundation

/// Buffered writes to stdout (or a file) in chunks of 64 KiB, so exports of millions of rows
/// make few system calls and never hold the whole output.
struct OutputWriter: ~Copyable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let closesHandle: Bool
    static let chunk = 64 * 1024

    init(handle: FileHandle = .standardOutput, closesHandle: Bool = false) {
        self.handle = handle
        self.closesHandle = closesHandle
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// Opens (truncating) `path` for writing.
    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw ValidationErrorMessage("cannot write to \(path)")
        }
        self.init(handle: handle, closesHandle: true)
    }

    mutating func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Appends through a closure that writes straight into the buffer.
    mutating func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= Self.chunk { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    consuming func close() throws {
        try flush()
        if closesHandle { try handle.close() }
    }
}

/// A plain message for errors the CLI raises itself.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
