import Logging
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream
import WalletStreamWire

/// Produces one stream's events: reads the store page by page in the total order, cuts it into
/// batches, runs the P&L engine alongside, and hands coalesced chunks to the mailbox.
///
/// While the wallet is being synced, only *final* trades are sent (those no unfetched
/// transaction can precede), so nothing sent is ever overtaken; the stream waits on the sync's
/// progress, reporting each step, and continues as trades become final.
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
        let batchSize = request.batchSize
        var total = try await store.count(wallet: wallet)
        // Trades before the resume point count as already delivered.
        let resumedPosition: Int
        if let cursor = request.resumeAfter {
            resumedPosition = try await store.count(wallet: wallet, through: cursor)
        } else {
            resumedPosition = 0
        }
        var out = SSEChunkBuilder(mailbox: mailbox, chunkBytes: configuration.writeChunkBytes)
        out.retry(configuration.retryMilliseconds)
        try out.event(
            .connected,
            payload: StreamConnected(
                streamID: streamID, wallet: wallet.rawValue, totalTrades: total, batchSize: batchSize,
                resumedAfter: request.resumeText))
        try await out.flush()

        // A resumed stream replays the prefix for its summary at the end instead of delaying trades.
        var engine: PnLEngine? = request.resumeAfter == nil ? PnLEngine(wallet: wallet) : nil
        var snapshot = sync?.current
        var pending: [Trade] = []
        var pendingStart = 0
        var cursor = request.resumeAfter
        var exhausted = false
        // The store holds no more final trades for now; more come as the sync goes on.
        var blocked = false
        let firstBatch = (resumedPosition + batchSize - 1) / batchSize + 1
        var batchNumber = firstBatch - 1
        var yielded = resumedPosition
        var lastPercentage = -1.0
        // The first read takes just one batch (and one beyond): the first trades go out sooner.
        var pageSize = batchSize + 1

        func isFinal(_ trade: Trade) -> Bool {
            guard let snapshot, snapshot.outcome == nil else { return true }
            return snapshot.progress.isFinal(trade)
        }

        func progressEvent(final: Bool) throws {
            let syncing = snapshot.map { $0.outcome == nil } ?? false
            var percentage = total == 0 ? 0 : min(100, Double(yielded) * 100 / Double(total))
            if syncing { percentage = min(percentage, 99) }
            if final { percentage = 100 }
            // Monotonic even when the total grows under a sync.
            percentage = max(lastPercentage, (percentage * 10).rounded(.down) / 10)
            lastPercentage = percentage
            let progress = snapshot?.progress
            try out.event(
                .progress,
                payload: StreamProgress(
                    percentage: percentage, tradesSent: yielded, totalTrades: max(total, yielded),
                    step: syncing ? (progress?.step.rawValue ?? "listing_signatures") : "streaming",
                    signaturesListed: syncing ? progress?.signaturesListed : nil,
                    transactionsFetched: syncing ? progress?.transactionsFetched : nil,
                    transactionsPending: syncing ? progress?.transactionsPending : nil))
        }

        while true {
            // Keep one trade beyond the batch so `has_more` is exact.
            if pending.count - pendingStart <= batchSize, !exhausted, !blocked {
                try await out.flush()
                pending.removeFirst(pendingStart)
                pendingStart = 0
                let page = try await store.page(wallet: wallet, after: cursor, limit: pageSize, order: .ascending)
                pageSize = max(configuration.storePageSize, batchSize + 1)
                let accepted = page.trades.prefix(while: isFinal)
                pending += accepted
                if let last = accepted.last { cursor = TradeCursor(wallet: wallet, after: last) }
                if accepted.count < page.trades.count {
                    blocked = true
                } else if page.nextCursor == nil {
                    if isSyncing(snapshot) { blocked = true } else { exhausted = true }
                }
                continue
            }
            let available = pending.count - pendingStart
            if available == 0, exhausted { break }
            if blocked, available <= batchSize, let handle = sync {
                // Wait for the sync to release more trades, telling the client what it is doing. A
                // batch waits for one trade beyond it too, so that its `has_more` is exact.
                try progressEvent(final: false)
                try await out.flush()
                let next = await handle.next(after: snapshot?.version ?? 0)
                if case .failed(let error) = next.outcome { throw error }
                snapshot = next
                total = try await store.count(wallet: wallet)
                blocked = false
                continue
            }
            let count = min(batchSize, available)
            let batch = pending[pendingStart..<(pendingStart + count)]
            pendingStart += count
            batchNumber += 1
            yielded += count
            let hasMore = pending.count > pendingStart || !exhausted
            let lastTrade = batch[batch.index(before: batch.endIndex)]
            if engine != nil { for trade in batch { engine?.consume(trade) } }
            out.event(.trades, id: TradeCursor(wallet: wallet, after: lastTrade).encoded) { json in
                json.streamTrades(batchNumber: batchNumber, trades: batch, totalYielded: yielded, hasMore: hasMore)
            }
            if batchNumber == firstBatch {
                // The first batch goes out at once: time to first trade matters more than coalescing.
                try await out.flush()
            }
            if batchNumber % 10 == 0 || !hasMore { try progressEvent(final: !hasMore) }
            try await out.flushIfFull()
        }

        let summary: WalletSummary
        if let engine {
            summary = engine.summary()
        } else {
            try await out.flush()
            summary = try await store.summary(of: wallet, pageSize: configuration.storePageSize)
        }
        try await out.summary(summary)
        let elapsed = clock.now - start
        try out.event(
            .complete,
            payload: StreamComplete(
                tradesFound: max(total, yielded),
                elapsedMs: Int(elapsed.wholeMilliseconds)))
        try await out.flush()
        logger.debug(
            "stream produced", metadata: ["stream_id": "\(streamID)", "trades": "\(yielded - resumedPosition)"])
    }

    private func isSyncing(_ snapshot: SyncHandle.Snapshot?) -> Bool {
        snapshot.map { $0.outcome == nil } ?? false
    }
}
