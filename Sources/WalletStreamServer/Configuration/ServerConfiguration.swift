/// Everything the HTTP server needs, built once at the edge (CLI flags or tests).
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests).
    public var port: Int
    /// Interval of `: ping` comments on open streams.
    public var heartbeat: Duration
    /// The `retry:` hint sent at the start of every stream and with `SHUTTING_DOWN`.
    public var retryMilliseconds: Int
    /// Stream output is coalesced into writes of about this many bytes (never one tiny write per event).
    public var writeChunkBytes: Int
    /// Trades read from the store per query while streaming (at least `batch_size + 1`). Reads
    /// run inline on the stream's thread, so small pages cost little; each page holds its
    /// trades' JSON (~460 bytes a trade) while the stream sends it, which bounds what a stalled
    /// reader costs the server.
    public var storePageSize: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        heartbeat: Duration = .seconds(15),
        retryMilliseconds: Int = 2000,
        writeChunkBytes: Int = 16 * 1024,
        storePageSize: Int = 128
    ) {
        self.host = host
        self.port = port
        self.heartbeat = heartbeat
        self.retryMilliseconds = retryMilliseconds
        self.writeChunkBytes = writeChunkBytes
        self.storePageSize = storePageSize
    }
}
