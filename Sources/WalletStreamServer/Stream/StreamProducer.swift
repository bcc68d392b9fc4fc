import Logging
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream
import WalletStreamWire

/// Produces one stream's events: the I/O shell around ``StreamProducerStateMachine``. It reads
/// the store and waits on the sync when the machine says so and hands coalesced chunks to the
/// mailbox. Per trade it only copies the stored wire JSON: no decoding, no P&L (the summary is
/// the one the store keeps), so its memory is one page and the chunks in flight.
struct StreamProducer: Sendable {
    let store: any TradeStore
    let request: StreamRequest
    let streamID: String
    let configuration: ServerConfiguration
    let sync: SyncHandle?
    /// Where a following stream learns of new trades; nil when the stream does not follow.
    let hub: FollowHub?
    let metrics: StreamMetrics
    let logger: Logger

    /// Sends the history; for a following stream, returns where its live part starts (counted
    /// as a follower on the hub: the caller runs or parks it, and makes it leave).
    func run(into mailbox: StreamMailbox) async throws -> LiveFollower? {
        let clock = ContinuousClock()
        let start = clock.now
        let wallet = request.wallet
        let total = try await store.count(wallet: wallet)
        // Trades before the resume point count as already delivered.
        var resumedPosition = 0
        if let cursor = request.resumeAfter { resumedPosition = try await store.count(wallet: wallet, through: cursor) }
        typealias Machine = StreamProducerStateMachine<StreamRow>
        var machine = Machine(
            wallet: wallet, batchSize: request.batchSize, resumeAfter: request.resumeAfter,
            resumedPosition: resumedPosition, total: total, storePageSize: configuration.storePageSize,
            sync: sync.map { Machine.Sync($0.current) })
        // A following stream reads the late-trade journal as it reads pages: its ids carry its
        // place there, and a resumed one first gets the late trades it missed while away.
        var late: LateTradeReader?
        if hub != nil { late = try await LateTradeReader(store: store, wallet: wallet, resumed: request.resumeAfter) }
        var corrected = 0
        var out = SSEChunkBuilder(sink: mailbox, chunkBytes: configuration.writeChunkBytes)
        out.events.retry(configuration.retryMilliseconds)
        try out.events.event(
            .connected,
            payload: StreamConnected(
                streamID: streamID, wallet: wallet.rawValue, totalTrades: total, batchSize: request.batchSize,
                resumedAfter: request.resumeText))
        try await out.flush()

        var summary: WalletSummary?
        loop: while true {
            switch machine.next() {
            case .readPage(let cursor, let limit):
                if var reader = late {
                    corrected += try await reader.sendCorrectionsIfDue(before: cursor, out: &out)
                    late = reader
                }
                try await out.flush()
                let page = try await store.streamPage(wallet: wallet, after: cursor, limit: limit)
                machine.pageRead(page.rows, hasNext: page.isFull)
                // The read ran inline: after the first batch is out, let other streams (their
                // first events above all) run between pages.
                if machine.yielded > resumedPosition { await Task.yield() }
            case .sendBatch(let batch):
                out.events.trades(
                    batch.rows, number: batch.number, yielded: batch.yielded, hasMore: batch.hasMore,
                    id: late?.id(after: batch.cursor) ?? batch.cursor.encoded)
                metrics.trades.increment(by: batch.rows.count)
                if batch.flushNow { try await out.flush() }
                if let progress = batch.progress { try out.events.progress(progress) }
                try await out.flushIfFull()
            case .waitForSync(let version, let progress):
                guard let sync else { throw WalletStreamError(code: .internalError, message: "no sync to wait for") }
                try out.events.progress(progress)
                try await out.flushAndRelease()
                let next = await sync.next(after: version)
                if case .failed(let error) = next.outcome { throw error }
                machine.syncAdvanced(Machine.Sync(next), total: try await store.count(wallet: wallet))
            case .readSummary:
                try await out.flush()
                let read = try await store.summary(of: wallet)
                machine.summaryRead(trades: read.trades)
                summary = read
            case .finish:
                break loop
            }
        }

        guard let summary else { throw WalletStreamError(code: .internalError, message: "no summary was read") }
        if let hub, let late {
            // A following stream has no `complete`: the live summary marks the end of the history.
            out.events.event(.summary) { $0.summary(summary, live: true) }
            try await out.flushAndRelease()
            return LiveFollower(
                store: store, hub: hub, request: request, configuration: configuration, metrics: metrics,
                cursor: machine.cursor, yielded: machine.yielded, batchNumber: machine.batchNumber, late: late,
                corrected: corrected)
        }
        out.events.event(.summary) { $0.summary(summary) }
        try out.events.event(
            .complete,
            payload: StreamComplete(
                tradesFound: machine.tradesFound, elapsedMs: Int((clock.now - start).wholeMilliseconds)))
        try await out.flush()
        logger.debug(
            "stream produced",
            metadata: ["stream_id": "\(streamID)", "trades": "\(machine.yielded - resumedPosition)"])
        return nil
    }
}
