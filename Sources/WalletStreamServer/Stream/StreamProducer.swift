import Logging
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream
import WalletStreamWire

/// Produces one stream's events: the I/O shell around ``StreamProducerStateMachine``. It reads
/// the store and waits on the sync when the machine says so, runs the P&L engine alongside, and
/// hands coalesced chunks to the mailbox.
struct StreamProducer: Sendable {
    let store: any TradeStore
    let request: StreamRequest
    let streamID: String
    let configuration: ServerConfiguration
    let sync: SyncHandle?
    let logger: Logger

    func run(into mailbox: StreamMailbox) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let wallet = request.wallet
        let total = try await store.count(wallet: wallet)
        // Trades before the resume point count as already delivered.
        var resumedPosition = 0
        if let cursor = request.resumeAfter { resumedPosition = try await store.count(wallet: wallet, through: cursor) }
        var machine = StreamProducerStateMachine(
            wallet: wallet, batchSize: request.batchSize, resumeAfter: request.resumeAfter,
            resumedPosition: resumedPosition, total: total, storePageSize: configuration.storePageSize,
            sync: sync.map { StreamProducerStateMachine.Sync($0.current) })
        var out = SSEChunkBuilder(mailbox: mailbox, chunkBytes: configuration.writeChunkBytes)
        out.retry(configuration.retryMilliseconds)
        try out.event(
            .connected,
            payload: StreamConnected(
                streamID: streamID, wallet: wallet.rawValue, totalTrades: total, batchSize: request.batchSize,
                resumedAfter: request.resumeText))
        try await out.flush()

        // A resumed stream replays the prefix for its summary at the end instead of delaying trades.
        var engine: PnLEngine? = request.resumeAfter == nil ? PnLEngine(wallet: wallet) : nil
        loop: while true {
            switch machine.next() {
            case .readPage(let cursor, let limit):
                try await out.flush()
                let page = try await store.page(wallet: wallet, after: cursor, limit: limit, order: .ascending)
                machine.pageRead(page.trades, hasNext: page.nextCursor != nil)
            case .sendBatch(let batch):
                if engine != nil { for trade in batch.trades { engine?.consume(trade) } }
                out.event(.trades, id: batch.cursor.encoded) { json in
                    json.streamTrades(
                        batchNumber: batch.number, trades: batch.trades, totalYielded: batch.yielded,
                        hasMore: batch.hasMore)
                }
                if batch.flushNow { try await out.flush() }
                if let progress = batch.progress { try out.event(.progress, payload: progress) }
                try await out.flushIfFull()
            case .waitForSync(let version, let progress):
                guard let sync else { throw WalletStreamError(code: .internalError, message: "no sync to wait for") }
                try out.event(.progress, payload: progress)
                try await out.flush()
                let next = await sync.next(after: version)
                if case .failed(let error) = next.outcome { throw error }
                machine.syncAdvanced(
                    StreamProducerStateMachine.Sync(next), total: try await store.count(wallet: wallet))
            case .finish:
                break loop
            }
        }

        let summary: WalletSummary
        if let engine {
            summary = engine.summary()
        } else {
            try await out.flush()
            summary = try await store.summary(of: wallet)
        }
        out.summary(summary)
        try out.event(
            .complete,
            payload: StreamComplete(
                tradesFound: machine.tradesFound, elapsedMs: Int((clock.now - start).wholeMilliseconds)))
        try await out.flush()
        logger.debug(
            "stream produced",
            metadata: ["stream_id": "\(streamID)", "trades": "\(machine.yielded - resumedPosition)"])
    }
}
