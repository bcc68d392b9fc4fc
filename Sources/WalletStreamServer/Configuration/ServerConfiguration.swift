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
    /// The largest request body accepted (`POST /v4/analyze`); larger ones get 413 and the
    /// connection is closed.
    public var maxBodyBytes: Int
    /// How long a graceful shutdown waits for streams to take their `SHUTTING_DOWN` event and
    /// end; then their connections are closed, stalled readers included.
    public var shutdownGrace: Duration
    /// A connection with no byte of a new request for this long (after it opened, or after its
    /// last response) is closed: idle keep-alive. A response in progress is exempt, so an open
    /// stream stays open however long it runs.
    public var idleTimeout: Duration
    /// A request whose head is not complete this long after its first byte is cut (slowloris).
    public var headerTimeout: Duration
    /// A request body that sends no part for this long is cut.
    public var bodyTimeout: Duration
    /// Connections held at once; past it a new connection closes the one idle the longest, or
    /// is closed itself when all are busy (``ConnectionLimiter``).
    public var maxConnections: Int
    /// A stream open this long ends with an `error` event `STREAM_DEADLINE` (and `retry:`); the
    /// client resumes with `Last-Event-ID`. Nil: no limit.
    public var maxStreamDuration: Duration?
    /// Whether requests need an API key (``AuthMode``).
    public var auth: AuthMode
    /// Per-client limits where a key sets none, and per address with auth off.
    public var limits: ClientLimiter.Policy
    /// Between two polls of a wallet that streams follow (`?follow=true`); nil or zero: no
    /// polling (new trades then come from webhooks only).
    public var followInterval: Duration?
    /// A following stream more than this many trades behind ends with `LAGGING` (and `retry:`)
    /// and catches up from its cursor on reconnect.
    public var followMaxLag: Int
    /// Shortest time between two `summary` events of one following stream.
    public var liveSummaryInterval: Duration
    /// The shared secret Helius sends in `Authorization`; nil: no webhook endpoint.
    public var webhookSecret: String?
    /// The largest webhook delivery accepted; larger ones get 413.
    public var webhookMaxBodyBytes: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        heartbeat: Duration = .seconds(15),
        retryMilliseconds: Int = 2000,
        writeChunkBytes: Int = 32 * 1024,
        storePageSize: Int = 128,
        maxBodyBytes: Int = 1 << 20,
        shutdownGrace: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        headerTimeout: Duration = .seconds(10),
        bodyTimeout: Duration = .seconds(30),
        maxConnections: Int = 10_000,
        maxStreamDuration: Duration? = .seconds(3600),
        auth: AuthMode = .off,
        limits: ClientLimiter.Policy = ClientLimiter.Policy(),
        followInterval: Duration? = .seconds(5),
        followMaxLag: Int = 10_000,
        liveSummaryInterval: Duration = .seconds(1),
        webhookSecret: String? = nil,
        webhookMaxBodyBytes: Int = 4 << 20
    ) {
        self.host = host
        self.port = port
        self.heartbeat = heartbeat
        self.retryMilliseconds = retryMilliseconds
        self.writeChunkBytes = writeChunkBytes
        self.storePageSize = storePageSize
        self.maxBodyBytes = maxBodyBytes
        self.shutdownGrace = shutdownGrace
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.maxConnections = maxConnections
        self.maxStreamDuration = maxStreamDuration
        self.auth = auth
        self.limits = limits
        self.followInterval = followInterval
        self.followMaxLag = followMaxLag
        self.liveSummaryInterval = liveSummaryInterval
        self.webhookSecret = webhookSecret
        self.webhookMaxBodyBytes = webhookMaxBodyBytes
    }
}
