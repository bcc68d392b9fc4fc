import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream
import WalletStreamWire

/// What the producer's state machine needs of a stored trade: its slot (for finality during a
/// sync) and the cursor after it.
protocol StreamableRow {
    var slot: UInt64 { get }
    func cursor(wallet: WalletAddress) -> TradeCursor
}

extension StreamRow: StreamableRow {}

/// The decisions of one stream's producer, without I/O: which page to read, how to cut trades
/// into batches, when `has_more` is false, when to report progress, when to wait for a sync,
/// and whether the stored summary covers exactly the trades sent. ``StreamProducer`` carries out
/// its actions and feeds back what the store and the sync say.
///
/// While the wallet is being synced only *final* trades are released (those no unfetched
/// transaction can precede), so nothing sent is ever overtaken by a later-fetched trade. A
/// batch also waits for one trade beyond it, so that its `has_more` is exact, and the last batch
/// waits for the summary: if the store holds trades the stream has not read yet, it reads on.
struct StreamProducerStateMachine<Row: StreamableRow> {
    /// What the sync of the wallet looks like to the stream.
    struct Sync: Equatable {
        var version: Int
        var progress: SyncProgress
        /// Whether the sync is still running (its trades are not all final yet).
        var isRunning: Bool
    }

    /// One `trades` event.
    struct Batch {
        var rows: ArraySlice<Row>
        var number: Int
        /// Trades delivered so far, this batch and those before a resume point included.
        var yielded: Int
        var hasMore: Bool
        /// The event id: resuming after it continues after the batch's last trade.
        var cursor: TradeCursor
        /// Send it at once instead of coalescing (the first batch: time to first trade).
        var flushNow: Bool
        /// A `progress` event to send after it (every tenth batch, and the last).
        var progress: StreamProgress?
    }

    enum Action {
        /// Flush, then read about `limit` trades after `cursor` (a store may answer whole runs) and
        /// call ``pageRead(_:hasNext:)``.
        case readPage(after: TradeCursor?, limit: Int)
        /// Send the batch.
        case sendBatch(Batch)
        /// Flush, read the stored summary and call ``summaryRead(trades:)`` with its trade count.
        case readSummary
        /// Send `progress`, flush, wait for the sync to pass `version`, then call
        /// ``syncAdvanced(_:total:)``.
        case waitForSync(version: Int, progress: StreamProgress)
        /// Every trade is sent and the summary read covers exactly them (or nothing more could
        /// be read): the summary and `complete` follow.
        case finish
    }

    let wallet: WalletAddress
    let batchSize: Int
    let storePageSize: Int
    /// Trades of the wallet when the stream started (grows while a sync runs).
    private(set) var total: Int
    /// Trades delivered, counting those before the resume point.
    private(set) var yielded: Int
    private(set) var sync: Sync?
    private var pending: [Row] = []
    private var pendingStart = 0
    /// After the last trade read.
    private(set) var cursor: TradeCursor?
    /// The store holds no trade after ``cursor``, and none will come.
    private var exhausted = false
    /// The store holds no more *final* trades for now; more come as the sync goes on.
    private var blocked = false
    private let firstBatch: Int
    private(set) var batchNumber: Int
    private var lastPercentage = -1.0
    /// The first read takes just one batch (and one beyond): the first trades go out sooner.
    private var nextPageSize: Int
    /// The stored summary was read and covers the trades this stream has read.
    private var summaryMatched = false
    /// Trades read when the summary last disagreed: reading on found nothing more, so the
    /// difference is a write behind the stream's position.
    private var summaryMismatchAt: Int?

    init(
        wallet: WalletAddress, batchSize: Int, resumeAfter: TradeCursor?, resumedPosition: Int, total: Int,
        storePageSize: Int, sync: Sync?
    ) {
        self.wallet = wallet
        self.batchSize = batchSize
        self.storePageSize = storePageSize
        self.total = total
        self.sync = sync
        cursor = resumeAfter
        yielded = resumedPosition
        firstBatch = (resumedPosition + batchSize - 1) / batchSize + 1
        batchNumber = firstBatch - 1
        nextPageSize = batchSize + 1
    }

    /// `trades_found` of the `complete` event.
    var tradesFound: Int { max(total, yielded) }

    /// The next thing to do.
    mutating func next() -> Action {
        let available = pending.count - pendingStart
        if available <= batchSize, !exhausted, !blocked {
            pending.removeFirst(pendingStart)
            pendingStart = 0
            defer { nextPageSize = max(storePageSize, batchSize + 1) }
            return .readPage(after: cursor, limit: nextPageSize)
        }
        if exhausted, available <= batchSize, !summaryMatched { return .readSummary }
        if available == 0, exhausted { return .finish }
        if blocked, available <= batchSize, let sync {
            return .waitForSync(version: sync.version, progress: progress(final: false))
        }
        let count = min(batchSize, available)
        let rows = pending[pendingStart..<(pendingStart + count)]
        pendingStart += count
        batchNumber += 1
        yielded += count
        let hasMore = pending.count > pendingStart || !exhausted
        let last = rows[rows.index(before: rows.endIndex)]
        return .sendBatch(
            Batch(
                rows: rows, number: batchNumber, yielded: yielded, hasMore: hasMore,
                cursor: last.cursor(wallet: wallet), flushNow: batchNumber == firstBatch,
                progress: batchNumber % 10 == 0 || !hasMore ? progress(final: !hasMore) : nil))
    }

    /// The store answered a ``Action/readPage(after:limit:)``.
    mutating func pageRead(_ rows: [Row], hasNext: Bool) {
        let accepted = rows.prefix(while: isFinal)
        pending += accepted
        if let last = accepted.last { cursor = last.cursor(wallet: wallet) }
        if accepted.count < rows.count {
            blocked = true
        } else if !hasNext {
            if sync?.isRunning == true { blocked = true } else { exhausted = true }
        }
    }

    /// The stored summary covers `trades` trades. More than this stream has read means trades
    /// were stored after its last read: it reads on, once per difference, before it finishes.
    mutating func summaryRead(trades: Int) {
        let read = yielded + pending.count - pendingStart
        if trades > read, summaryMismatchAt != read {
            summaryMismatchAt = read
            exhausted = false
            total = max(total, trades)
        } else {
            summaryMatched = true
        }
    }

    /// The sync moved on; the store now holds `total` trades of the wallet.
    mutating func syncAdvanced(_ sync: Sync, total: Int) {
        self.sync = sync
        self.total = total
        blocked = false
    }

    private func isFinal(_ row: Row) -> Bool {
        guard let sync, sync.isRunning else { return true }
        return sync.progress.isFinal(slot: row.slot)
    }

    /// A `progress` event: never decreasing, below 100 while a sync runs, 100 at the end.
    private mutating func progress(final: Bool) -> StreamProgress {
        let syncing = sync?.isRunning ?? false
        var percentage = total == 0 ? 0 : min(100, Double(yielded) * 100 / Double(total))
        if syncing { percentage = min(percentage, 99) }
        if final { percentage = 100 }
        // Monotonic even when the total grows under a sync.
        percentage = max(lastPercentage, (percentage * 10).rounded(.down) / 10)
        lastPercentage = percentage
        guard syncing, let progress = sync?.progress else {
            return StreamProgress(percentage: percentage, tradesSent: yielded, totalTrades: max(total, yielded))
        }
        return StreamProgress(
            percentage: percentage, tradesSent: yielded, totalTrades: max(total, yielded),
            step: progress.step.rawValue, signaturesListed: progress.signaturesListed,
            transactionsFetched: progress.transactionsFetched, transactionsPending: progress.transactionsPending,
            queuePosition: progress.queuePosition)
    }
}

extension StreamProducerStateMachine.Sync {
    /// The stream's view of a sync handle's snapshot.
    init(_ snapshot: SyncHandle.Snapshot) {
        self.init(version: snapshot.version, progress: snapshot.progress, isRunning: snapshot.outcome == nil)
    }
}
