import Logging
import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// The live part of a following stream, after its history: it waits on the wallet's
/// ``FollowHub`` signal, then reads what was stored after its cursor, in pages, straight from
/// the store, so that a follower that falls behind holds no queue: it is simply further from
/// the newest trade. Ids continue the history's cursor sequence, so `Last-Event-ID` resumes
/// across the boundary. Trades stored before its cursor arrive as `correction` events, and an
/// updated `summary` follows any change, at most one per ``ServerConfiguration/liveSummaryInterval``.
struct LiveFollower {
    let producer: StreamProducer
    let hub: FollowHub
    /// After the last trade sent.
    var cursor: TradeCursor?
    /// Trades sent, counting those before a resume point.
    var yielded: Int
    var batchNumber: Int
    /// Corrections sent: stored trades that `yielded` does not count.
    var corrected = 0

    private var wallet: WalletAddress { producer.request.wallet }

    mutating func run(out: inout SSEChunkBuilder) async throws {
        let configuration = producer.configuration
        let mark = hub.follow(wallet)
        defer { hub.unfollow(wallet) }
        var version = mark.version
        var nextCorrection = mark.correction
        var lastSummary = ContinuousClock.now
        var summaryDue = false
        // Trades stored between the history's last read and the registration are read at once.
        var waiting = false
        while true {
            if waiting {
                try await out.flushAndRelease()
                let deadline = summaryDue ? lastSummary + configuration.liveSummaryInterval : nil
                version = await hub.next(wallet, after: version, until: deadline)
                try Task.checkCancellation()
            }
            waiting = true
            let corrections = hub.corrections(of: wallet, from: nextCorrection)
            nextCorrection = corrections.next
            let late = corrections.trades.filter { trade in cursor.map { !$0.precedes(trade.orderKey) } ?? false }
            if !late.isEmpty {
                try out.events.event(.correction, payload: StreamCorrection(trades: late))
                corrected += late.count
                summaryDue = true
            }
            if try await sendNewTrades(out: &out) { summaryDue = true }
            if summaryDue, ContinuousClock.now >= lastSummary + configuration.liveSummaryInterval {
                try await out.flush()
                let summary = try await producer.store.summary(of: wallet)
                out.events.event(.summary) { $0.summary(summary, live: true) }
                lastSummary = ContinuousClock.now
                summaryDue = false
            }
        }
    }

    /// Sends every trade stored after the cursor, page by page; true when there was any. A
    /// stream more than ``ServerConfiguration/followMaxLag`` trades behind ends with `LAGGING`.
    private mutating func sendNewTrades(out: inout SSEChunkBuilder) async throws -> Bool {
        let configuration = producer.configuration
        let batchSize = producer.request.batchSize
        let behind = try await producer.store.count(wallet: wallet) - yielded - corrected
        if behind > configuration.followMaxLag {
            throw WalletStreamError(
                code: .lagging,
                message: "this stream is \(behind) trades behind, more than the server's limit of "
                    + "\(configuration.followMaxLag); reconnect with Last-Event-ID to catch up")
        }
        var sent = false
        while true {
            try await out.flush()
            let page = try await producer.store.streamPage(
                wallet: wallet, after: cursor, limit: max(configuration.storePageSize, batchSize))
            var start = page.rows.startIndex
            while start < page.rows.endIndex {
                let end = min(start + batchSize, page.rows.endIndex)
                let rows = page.rows[start..<end]
                guard let last = rows.last else { break }
                let next = last.cursor(wallet: wallet)
                batchNumber += 1
                yielded += rows.count
                let hasMore = end < page.rows.endIndex || page.isFull
                out.events.trades(rows, number: batchNumber, yielded: yielded, hasMore: hasMore, cursor: next)
                producer.metrics.trades.increment(by: rows.count)
                cursor = next
                sent = true
                start = end
                try await out.flushIfFull()
            }
            if !page.isFull { return sent }
        }
    }
}
