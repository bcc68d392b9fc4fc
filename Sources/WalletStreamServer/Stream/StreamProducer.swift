import Logging
import WalletStreamCore
import WalletStreamStore

/// Produces one stream's events: reads the store page by page in the total order, cuts it into
/// batches, runs the P&L engine alongside, and hands coalesced chunks to the mailbox.
struct StreamProducer: Sendable {
    let store: any TradeStore
    let request: StreamRequest
    let streamID: String
    let configuration: ServerConfiguration
    let logger: Logger

    func run(into mailbox: StreamMailbox) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let wallet = request.wallet
        let batchSize = request.batchSize
        let total = try await store.count(wallet: wallet)
        // Trades before the resume point count as already delivered.
        let resumedPosition: Int
        if let cursor = request.resumeAfter {
            resumedPosition = max(0, total - (try await store.count(wallet: wallet, after: cursor)))
        } else {
            resumedPosition = 0
        }
        var out = SSEChunkBuilder(mailbox: mailbox, chunkBytes: configuration.writeChunkBytes)
        out.retry(configuration.retryMilliseconds)
        try out.event(
            "connected",
            payload: StreamConnected(
                streamID: streamID, wallet: wallet.rawValue, totalTrades: total, batchSize: batchSize,
                resumedAfter: request.resumeText))
        try await out.flush()

        // A resumed stream replays the prefix for its summary at the end instead of delaying trades.
        var engine: PnLEngine? = request.resumeAfter == nil ? PnLEngine(wallet: wallet) : nil
        var pending: [Trade] = []
        var pendingStart = 0
        var cursor = request.resumeAfter
        var exhausted = false
        var batchNumber = (resumedPosition + batchSize - 1) / batchSize
        var yielded = resumedPosition
        var lastProgress = -1.0
        let pageSize = max(configuration.storePageSize, batchSize + 1)

        while true {
            // Keep one trade beyond the batch so `has_more` is exact.
            if pending.count - pendingStart <= batchSize, !exhausted {
                try await out.flush()
                pending.removeFirst(pendingStart)
                pendingStart = 0
                let page = try await store.page(wallet: wallet, after: cursor, limit: pageSize, order: .ascending)
                pending += page.trades
                cursor = page.nextCursor
                exhausted = page.nextCursor == nil
                continue
            }
            let available = pending.count - pendingStart
            guard available > 0 else { break }
            let count = min(batchSize, available)
            let batch = pending[pendingStart..<(pendingStart + count)]
            pendingStart += count
            batchNumber += 1
            yielded += count
            let hasMore = pending.count > pendingStart || !exhausted
            let lastTrade = batch[batch.index(before: batch.endIndex)]
            if engine != nil { for trade in batch { engine?.consume(trade) } }
            out.event("trades", id: TradeCursor(wallet: wallet, after: lastTrade).encoded) { json in
                json.raw("{\"batch_num\":")
                json.integer(batchNumber)
                json.raw(",\"trades\":[")
                var first = true
                for trade in batch {
                    if !first { json.byte(UInt8(ascii: ",")) }
                    first = false
                    json.trade(trade)
                }
                json.raw("],\"total_yielded\":")
                json.integer(yielded)
                json.raw(hasMore ? ",\"has_more\":true}" : ",\"has_more\":false}")
            }
            if batchNumber == 1 || batchNumber == (resumedPosition + batchSize - 1) / batchSize + 1 {
                // The first batch goes out at once: time to first trade matters more than coalescing.
                try await out.flush()
            }
            if batchNumber % 10 == 0 || !hasMore {
                let percentage = total == 0 ? 100 : min(100, Double(yielded) * 100 / Double(total))
                if percentage > lastProgress {
                    lastProgress = percentage
                    try out.event(
                        "progress",
                        payload: StreamProgress(
                            percentage: hasMore ? (percentage * 10).rounded(.down) / 10 : 100, tradesSent: yielded,
                            totalTrades: max(total, yielded)))
                }
            }
            try await out.flushIfFull()
        }

        let summary: WalletSummary
        if let engine {
            summary = engine.summary()
        } else {
            try await out.flush()
            summary = try await store.summary(of: wallet, pageSize: configuration.storePageSize)
        }
        try out.event("summary", payload: summary)
        let elapsed = clock.now - start
        try out.event(
            "complete",
            payload: StreamComplete(
                tradesFound: max(total, yielded),
                elapsedMs: Int(
                    elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)))
        try await out.flush()
        logger.debug(
            "stream produced", metadata: ["stream_id": "\(streamID)", "trades": "\(yielded - resumedPosition)"])
    }
}
