import WalletStreamCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file read sequentially in fixed-size chunks through C stdio, so that an import holds one
/// chunk of a file at a time however large the file is.
struct InputFile: ~Copyable {
    private let handle: UnsafeMutablePointer<FILE>
    let path: String
    /// Size when opened; progress is measured against it.
    let size: Int64

    /// Opens `path` for reading; a missing, unreadable or non-regular file is `.fileUnreadable`.
    init(path: String) throws(WalletStreamError) {
        guard let handle = fopen(path, "rb") else {
            throw Self.unreadable(path, reason: Self.lastErrorText())
        }
        var status = stat()
        guard fstat(fileno(handle), &status) == 0 else {
            let reason = Self.lastErrorText()
            fclose(handle)
            throw Self.unreadable(path, reason: reason)
        }
        // fopen happily opens a directory; reading it would then fail with a vaguer message.
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            fclose(handle)
            throw Self.unreadable(path, reason: "not a regular file")
        }
        self.handle = handle
        self.path = path
        self.size = Int64(status.st_size)
    }

    deinit {
        fclose(handle)
    }

    /// Fills `buffer` with up to `buffer.count` bytes; returns how many were read, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(WalletStreamError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let count = fread(base, 1, buffer.count, handle)
        if count < buffer.count, ferror(handle) != 0 {
            throw Self.unreadable(path, reason: Self.lastErrorText())
        }
        return count
    }

    static func unreadable(_ path: String, reason: String) -> WalletStreamError {
        WalletStreamError(code: .fileUnreadable, message: "cannot read \(path): \(reason)")
    }

    private static func lastErrorText() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}
