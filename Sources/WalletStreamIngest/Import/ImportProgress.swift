/// How far an import has read, reported once per chunk.
public struct ImportProgress: Sendable, Hashable {
    public var bytesRead: Int64
    public var totalBytes: Int64
    /// Data rows read so far (the header not counted).
    public var rowsRead: Int

    public init(bytesRead: Int64, totalBytes: Int64, rowsRead: Int) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.rowsRead = rowsRead
    }

    /// Share of the file read, 0...1 (1 for an empty file).
    public var fraction: Double {
        totalBytes > 0 ? Swift.min(1, Double(bytesRead) / Double(totalBytes)) : 1
    }
}
