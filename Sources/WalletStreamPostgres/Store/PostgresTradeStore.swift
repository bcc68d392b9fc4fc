import Logging
import NIOPosix
import PostgresNIO
import Synchronization
import WalletStreamCore
import WalletStreamStore

/// The scale-out store: every node of a cluster shares one PostgreSQL database through a
/// pooled ``PostgresClient``, which the caller runs.
///
/// It keeps what ``SQLiteTradeStore`` keeps, in the same total order and with the same
/// cursors: trades (multi-row inserts, idempotent on their key), the P&L state and the
/// stream's trade chunks (kept at write time in the same transaction), sync checkpoints and
/// API keys. Every operation holds a pooled connection only while its statements run.
public final class PostgresTradeStore: TradeStore {
    /// The pool the store runs its statements on.
    public let client: PostgresClient
    let location: PostgresLocation
    let connectionWait: Duration
    let statementDeadline: Duration
    let logger: Logger

    /// A store on `client` (whose `run()` the caller keeps going). An operation that waits
    /// longer than `connectionWait` for a pooled connection (every one busy, or the server
    /// unreachable), or one of whose statements goes unanswered for `statementDeadline` (make it
    /// longer than the server's statement timeout: it is for a server that vanished), fails
    /// with `STORE_UNAVAILABLE` and a `Retry-After` hint.
    public init(
        client: PostgresClient, location: PostgresLocation, connectionWait: Duration,
        statementDeadline: Duration = .seconds(600), logger: Logger
    ) {
        self.client = client
        self.location = location
        self.connectionWait = connectionWait
        self.statementDeadline = statementDeadline
        self.logger = logger
    }

    /// Applies the schema's migrations not applied yet (several nodes may start at once). The
    /// first statement a process sends: an unreachable server is reported here, by location.
    /// The first connection may take longer than a request's wait: it waits `wait` at least.
    public func migrate(wait: Duration = .seconds(10)) async throws {
        do {
            try await withConnection(wait: max(wait, connectionWait)) { connection in
                try await PostgresMigrator().migrate(connection, logger: self.logger)
            }
        } catch let error as WalletStreamError where error.retryAfter != nil {
            throw WalletStreamError(
                code: .storeUnavailable,
                message:
                    "cannot reach the PostgreSQL database \(location): check that it runs and that the URL is right",
                underlying: error)
        }
    }

    public func insert(_ trades: [Trade], wallet: WalletAddress) async throws -> InsertCounts {
        try await withTransaction { connection in
            var writer = PostgresTradeWriter(connection: connection, logger: self.logger)
            try await writer.add(trades, wallet: wallet)
            try await writer.finish()
            return writer.counts
        }
    }

    public func insertAtomically(
        _ produce: @escaping @Sendable (inout any TradeSink) throws -> Void
    ) async throws -> InsertCounts {
        try await withTransaction { connection in
            let handoff = TradeHandoff()
            // The producer reads files and blocks on the hand-off: a thread of the blocking
            // pool, never one of the concurrency pool's.
            async let produced: Void = NIOThreadPool.singleton.runIfActive {
                var sink = HandoffSink(handoff: handoff, batchSize: PostgresTradeWriter.batchSize)
                do {
                    var erased: any TradeSink = sink
                    try produce(&erased)
                    if let filled = erased as? HandoffSink { sink = filled }
                    try sink.flush()
                    handoff.finish()
                } catch {
                    handoff.fail(error)
                    throw error
                }
            }
            do {
                var writer = PostgresTradeWriter(connection: connection, logger: self.logger)
                while let batch = try await handoff.next() { try await writer.add(batch) }
                try await writer.finish()
                try await produced
                return writer.counts
            } catch {
                handoff.fail(error)
                // The producer's own failure, when it had one, says more than the hand-off's.
                try await produced
                throw error
            }
        }
    }

    public func count(wallet: WalletAddress) async throws -> Int {
        try await withConnection { connection in
            let rows = try await connection.collect(
                "SELECT trade_count FROM wallets WHERE address = \(wallet.rawValue)", logger: self.logger)
            for try await count in rows.decode(Int64.self) { return Int(count) }
            return 0
        }
    }

    public func lookup(wallet: WalletAddress) async throws -> WalletInfo? {
        try await walletInfos("WHERE address = \(wallet.rawValue)").first
    }

    public func wallets() async throws -> [WalletInfo] {
        try await walletInfos("ORDER BY address")
    }

    public func register(wallet: WalletAddress) async throws {
        try await withConnection { connection in
            try await connection.collect(
                "INSERT INTO wallets (address) VALUES (\(wallet.rawValue)) ON CONFLICT DO NOTHING", logger: self.logger)
        }
    }

    private func walletInfos(_ clause: PostgresQuery) async throws -> [WalletInfo] {
        try await withConnection { connection in
            var query = clause
            query.sql = "SELECT address, trade_count, first_time, last_time FROM wallets " + clause.sql
            var infos: [WalletInfo] = []
            for try await (address, count, first, last) in try await connection.collect(query, logger: self.logger)
                .decode((String, Int64, Int64?, Int64?).self)
            {
                infos.append(
                    WalletInfo(
                        wallet: address, trades: Int(count), firstTradeAt: first.map(UTCTimestamp.format),
                        lastTradeAt: last.map(UTCTimestamp.format)))
            }
            return infos
        }
    }
}
