#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CLI's one buffered output: writes to standard output or a file in chunks of 64 KiB, so
/// exports of millions of rows make few system calls and never hold the whole output.
struct OutputWriter: ~Copyable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Where the bytes go, for error messages.
    let name: String
    private var buffer: [UInt8] = []
    static let chunk = 64 * 1024

    /// Standard output.
    init() {
        descriptor = 1
        ownsDescriptor = false
        name = "standard output"
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    /// Opens (creating or truncating) `path` for writing.
    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ValidationErrorMessage("cannot create '\(path)': \(Self.lastError)") }
        self.descriptor = descriptor
        ownsDescriptor = true
        name = path
        buffer.reserveCapacity(Self.chunk + 4096)
    }

    deinit {
        if ownsDescriptor { closeDescriptor(descriptor) }
    }

    mutating func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.chunk { try flush() }
    }

    /// Appends through a closure that writes straight into the buffer.
    mutating func append(_ body: (inout [UInt8]) throws -> Void) throws {
        try body(&buffer)
        if buffer.count >= Self.chunk { try flush() }
    }

    mutating func flush() throws {
        guard buffer.withUnsafeBytes({ writeFully(descriptor, $0) }) else {
            throw ValidationErrorMessage("cannot write to \(name): \(Self.lastError)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; for a file, also forces it to disk (`durable`) and closes it.
    consuming func close(durable: Bool = false) throws {
        try flush()
        guard ownsDescriptor else { return }
        if durable, fsync(descriptor) != 0 {
            throw ValidationErrorMessage("cannot write to \(name): \(Self.lastError)")
        }
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}

private func closeDescriptor(_ descriptor: Int32) {
    close(descriptor)
}

/// A plain message for errors the CLI raises itself.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
