import Logging
import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// The live part of a following stream, after its history: a cursor and what it has sent, no
/// queue. Each ``step(out:)`` reads what was stored after the cursor, in pages, straight from
/// the store, so a follower that falls behind is simply further from the newest trade. Ids
/// continue the history's cursor sequence, so `Last-Event-ID` resumes across the boundary.
/// Trades stored before the cursor arrive as `correction` events, read from the store's
/// late-trade journal (``LateTradeReader``), so followers on every node get them; an updated
/// `summary` follows any change, at most one per ``ServerConfiguration/liveSummaryInterval``.
///
/// Between steps a follower waits on the wallet's ``FollowHub`` signal: parked on its
/// connection (``DetouredStream``) with no task at all, or in ``run(out:)`` when its stream
/// has a task of its own.
struct LiveFollower: Sendable {
    let store: any TradeStore
    let hub: FollowHub
    let wallet: WalletAddress
    let batchSize: Int
    let configuration: ServerConfiguration
    let metrics: StreamMetrics
    /// After the last trade sent.
    var cursor: TradeCursor?
    /// Trades sent, counting those before a resume point.
    var yielded: Int
    var batchNumber: Int
    /// Corrections sent: stored trades that `yielded` does not count.
    var corrected: Int
    var late: LateTradeReader
    /// The wallet's ``FollowHub`` version when the last step began.
    private(set) var version: Int
    private var lastSummary = ContinuousClock.now
    private var summaryDue = false

    /// Counts a follower of the wallet on the hub; pair with ``leave()``.
    init(
        store: any TradeStore, hub: FollowHub, request: StreamRequest, configuration: ServerConfiguration,
        metrics: StreamMetrics, cursor: TradeCursor?, yielded: Int, batchNumber: Int, late: LateTradeReader,
        corrected: Int
    ) {
        self.store = store
        self.hub = hub
        wallet = request.wallet
        batchSize = request.batchSize
        self.configuration = configuration
        self.metrics = metrics
        self.cursor = cursor
        self.yielded = yielded
        self.batchNumber = batchNumber
        self.late = late
        self.corrected = corrected
        version = hub.follow(request.wallet)
    }

    func leave() { hub.unfollow(wallet) }

    /// When a summary held back by the throttle is due; nil when none waits.
    var summaryDeadline: ContinuousClock.Instant? {
        summaryDue ? lastSummary + configuration.liveSummaryInterval : nil
    }

    /// Waits for changes and sends them, until cancelled or the stream fails.
    mutating func run(out: inout SSEChunkBuilder) async throws {
        // Trades stored between the history's last read and the registration are read at once.
        while true {
            try await step(out: &out)
            try await out.flushAndRelease()
            _ = await hub.next(wallet, after: version, until: summaryDeadline)
            try Task.checkCancellation()
        }
    }

    /// Sends the corrections, the trades stored after the cursor and, if due, a summary.
    mutating func step(out: inout SSEChunkBuilder) async throws {
        // Read first: a change while this step reads moves the version, and wakes it again.
        version = hub.version(of: wallet)
        let corrections = try await late.sendCorrections(before: cursor, out: &out)
        if corrections > 0 {
            corrected += corrections
            summaryDue = true
        }
        if try await sendNewTrades(out: &out) { summaryDue = true }
        if summaryDue, ContinuousClock.now >= lastSummary + configuration.liveSummaryInterval {
            try await out.flush()
            let summary = try await store.summary(of: wallet)
            out.events.event(.summary) { $0.summary(summary, live: true) }
            lastSummary = ContinuousClock.now
            summaryDue = false
        }
    }

    /// Sends every trade stored after the cursor, page by page; true when there was any. A
    /// stream more than ``ServerConfiguration/followMaxLag`` trades behind ends with `LAGGING`.
    private mutating func sendNewTrades(out: inout SSEChunkBuilder) async throws -> Bool {
        let behind = try await store.count(wallet: wallet) - yielded - corrected
        if behind > configuration.followMaxLag {
            throw WalletStreamError(
                code: .lagging,
                message: "this stream is \(behind) trades behind, more than the server's limit of "
                    + "\(configuration.followMaxLag); reconnect with Last-Event-ID to catch up")
        }
        var sent = false
        while true {
            try await out.flush()
            let page = try await store.streamPage(
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
                out.events.trades(
                    rows, number: batchNumber, yielded: yielded, hasMore: hasMore, id: late.id(after: next))
                metrics.trades.increment(by: rows.count)
                cursor = next
                sent = true
                start = end
                try await out.flushIfFull()
            }
            if !page.isFull { return sent }
        }
    }
}
