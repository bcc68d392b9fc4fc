/// How ``CSVImporter`` treats a file.
public struct ImportOptions: Sendable, Hashable {
    /// When false (the default) the first malformed row aborts the import and nothing is
    /// stored; when true malformed rows are listed in the report and the rest is stored.
    public var skipInvalid: Bool
    /// Bytes read per chunk.
    public var chunkSize: Int
    /// How many invalid lines the report lists in full; the count covers them all. Bounds
    /// memory when a wrong file is imported with ``skipInvalid``.
    public var maxListedInvalidLines: Int

    public init(skipInvalid: Bool = false, chunkSize: Int = 1 << 20, maxListedInvalidLines: Int = 1000) {
        self.skipInvalid = skipInvalid
        self.chunkSize = Swift.max(chunkSize, 1)
        self.maxListedInvalidLines = Swift.max(maxListedInvalidLines, 0)
    }
}
