import Testing
import WalletStreamCore
import WalletStreamTestSupport
import WalletStreamUpstream
import WalletStreamWire

@testable import WalletStreamServer

extension Trade: StreamableRow {
    public func cursor(wallet: WalletAddress) -> TradeCursor { TradeCursor(wallet: wallet, after: self) }
}

/// The producer's decisions (batching, `has_more`, progress, finality during a sync, resume),
/// driven by hand, without a store or sockets.
@Suite struct StreamProducerStateMachineTests {
    typealias Machine = StreamProducerStateMachine<Trade>
    static let wallet = TradeFixtures.walletA

    /// Trades at slots 1…count.
    static func trades(_ count: Int) -> [Trade] {
        (1...max(1, count)).prefix(count).map { TradeFixtures.buy("Bonk1", quantity: "1", sol: "1", slot: UInt64($0)) }
    }

    static func machine(
        batchSize: Int, total: Int, storePageSize: Int = 4, resumedPosition: Int = 0, sync: Machine.Sync? = nil
    ) -> Machine {
        Machine(
            wallet: wallet, batchSize: batchSize, resumeAfter: nil, resumedPosition: resumedPosition, total: total,
            storePageSize: storePageSize, sync: sync)
    }

    /// Runs the machine against `stored` (no sync), returning what it sent. The stored summary
    /// counts `summaryTrades` (default: `stored`, the whole wallet).
    static func drain(
        _ machine: inout Machine, stored: [Trade], summaryTrades: Int? = nil
    ) -> (batches: [Machine.Batch], reads: [Int]) {
        var batches: [Machine.Batch] = []
        var reads: [Int] = []
        var offset = 0
        for _ in 0..<10_000 {
            switch machine.next() {
            case .readPage(let cursor, let limit):
                #expect(cursor == stored[..<offset].last.map { TradeCursor(wallet: wallet, after: $0) })
                reads.append(limit)
                let page = Array(stored[offset..<min(stored.count, offset + limit)])
                offset += page.count
                machine.pageRead(page, hasNext: offset < stored.count)
            case .sendBatch(let batch):
                batches.append(batch)
            case .readSummary:
                machine.summaryRead(trades: summaryTrades ?? stored.count)
            case .waitForSync:
                Issue.record("waited for a sync that does not exist")
                return (batches, reads)
            case .finish:
                return (batches, reads)
            }
        }
        Issue.record("the machine never finished")
        return (batches, reads)
    }

    @Test func anEmptyWalletFinishesAfterOneRead() {
        var machine = Self.machine(batchSize: 10, total: 0)
        let (batches, reads) = Self.drain(&machine, stored: [])
        #expect(batches.isEmpty)
        #expect(reads == [11])
        #expect(machine.tradesFound == 0)
    }

    @Test func batchesCoverEveryTradeOnceInOrderWithAnExactHasMore() {
        for (count, batchSize) in [(5, 2), (4, 2), (1, 1), (9, 3), (30, 7), (3, 100)] {
            var machine = Self.machine(batchSize: batchSize, total: count)
            let stored = Self.trades(count)
            let (batches, reads) = Self.drain(&machine, stored: stored)
            #expect(batches.flatMap(\.rows) == stored, "\(count)/\(batchSize)")
            #expect(batches.map(\.number) == Array(1...batches.count))
            #expect(batches.map(\.hasMore) == Array(repeating: true, count: batches.count - 1) + [false])
            #expect(batches.allSatisfy { $0.rows.count == batchSize || !$0.hasMore })
            #expect(batches.map(\.yielded).last == count)
            #expect(batches.last?.cursor == TradeCursor(wallet: Self.wallet, after: stored[count - 1]))
            // Only the first batch skips coalescing; the first read is one batch and one beyond.
            #expect(batches.map(\.flushNow) == [true] + Array(repeating: false, count: batches.count - 1))
            #expect(reads.first == batchSize + 1)
            #expect(reads.dropFirst().allSatisfy { $0 == max(4, batchSize + 1) })
        }
    }

    @Test func progressEveryTenthBatchAndAtTheEnd() {
        var machine = Self.machine(batchSize: 1, total: 25, storePageSize: 100)
        let (batches, _) = Self.drain(&machine, stored: Self.trades(25))
        #expect(batches.compactMap { $0.progress == nil ? nil : $0.number } == [10, 20, 25])
        #expect(batches.compactMap(\.progress?.percentage) == [40, 80, 100])
        #expect(batches.last?.progress?.step == "streaming")
    }

    @Test func aResumedStreamNumbersBatchesFromItsPosition() {
        var machine = Self.machine(batchSize: 2, total: 9, resumedPosition: 4)
        let (batches, _) = Self.drain(&machine, stored: Array(Self.trades(9).dropFirst(4)), summaryTrades: 9)
        #expect(batches.map(\.number) == [3, 4, 5])
        #expect(batches.map(\.yielded) == [6, 8, 9])
        #expect(batches.first?.flushNow == true)
        #expect(machine.tradesFound == 9)
    }

    @Test func theLastBatchWaitsForASummaryThatCoversEveryTradeRead() throws {
        let stored = Self.trades(5)
        var machine = Self.machine(batchSize: 2, total: 3, storePageSize: 10)
        _ = machine.next()
        machine.pageRead(Array(stored[0..<3]), hasNext: false)
        guard case .sendBatch(let first) = machine.next(), case .readSummary = machine.next() else {
            throw Failure("expected a batch, then the summary read")
        }
        #expect(first.rows.map(\.slot) == [1, 2] && first.hasMore)
        // Two trades were stored meanwhile: the stream reads them before its last batch.
        machine.summaryRead(trades: 5)
        guard case .readPage(let cursor, _) = machine.next() else { throw Failure("expected to read on") }
        #expect(cursor == TradeCursor(wallet: Self.wallet, after: stored[2]))
        machine.pageRead(Array(stored[3...]), hasNext: false)
        guard case .sendBatch(let second) = machine.next(), case .readSummary = machine.next() else {
            throw Failure("expected a batch, then the summary read")
        }
        #expect(second.rows.map(\.slot) == [3, 4] && second.hasMore)
        machine.summaryRead(trades: 5)
        guard case .sendBatch(let last) = machine.next(), case .finish = machine.next() else {
            throw Failure("expected the last batch, then the end")
        }
        #expect(last.rows.map(\.slot) == [5] && !last.hasMore && last.progress?.percentage == 100)
        #expect(machine.tradesFound == 5)
    }

    @Test func aWriteBehindTheStreamIsReadForOnceThenTheStreamFinishes() throws {
        var machine = Self.machine(batchSize: 10, total: 2)
        _ = machine.next()
        machine.pageRead(Self.trades(2), hasNext: false)
        guard case .readSummary = machine.next() else { throw Failure("expected the summary read") }
        // The store counts a trade this stream can never read (stored before its position).
        machine.summaryRead(trades: 3)
        guard case .readPage = machine.next() else { throw Failure("expected to read on once") }
        machine.pageRead([], hasNext: false)
        guard case .readSummary = machine.next() else { throw Failure("expected the summary read") }
        machine.summaryRead(trades: 3)
        guard case .sendBatch(let batch) = machine.next(), case .finish = machine.next() else {
            throw Failure("expected the last batch, then the end")
        }
        #expect(batch.rows.count == 2 && !batch.hasMore)
    }

    @Test func duringASyncOnlyFinalTradesGoOutAndTheStreamWaits() throws {
        let stored = Self.trades(4)
        let listing = SyncProgress(step: .fetchingTransactions, signaturesListed: 4, finalBeforeSlot: 3)
        var machine = Self.machine(
            batchSize: 1, total: 4, sync: Machine.Sync(version: 1, progress: listing, isRunning: true))
        guard case .readPage(nil, 2) = machine.next() else { throw Failure("expected the first read") }
        // Slots 3 and 4 are not final yet: only 1 and 2 are taken.
        machine.pageRead(Array(stored[0..<2]) + [stored[2]], hasNext: true)
        guard case .sendBatch(let first) = machine.next() else { throw Failure("expected a batch") }
        #expect(first.rows.map(\.slot) == [1])
        #expect(first.hasMore)
        // Slot 2 waits for one trade beyond it (so that its has_more is exact): the sync must move.
        guard case .waitForSync(let version, let progress) = machine.next() else { throw Failure("expected a wait") }
        #expect(version == 1)
        #expect(progress.step == "fetching_transactions")
        #expect(progress.signaturesListed == 4)
        #expect(progress.percentage <= 99)

        machine.syncAdvanced(
            Machine.Sync(version: 2, progress: SyncProgress(step: .done, allFinal: true), isRunning: false), total: 4)
        guard case .readPage(let cursor, _) = machine.next() else { throw Failure("expected a read") }
        #expect(cursor == TradeCursor(wallet: Self.wallet, after: stored[1]))
        machine.pageRead(Array(stored[2...]), hasNext: false)
        var rest: [Machine.Batch] = []
        loop: for _ in 0..<100 {
            switch machine.next() {
            case .sendBatch(let batch): rest.append(batch)
            case .readSummary: machine.summaryRead(trades: 4)
            case .finish: break loop
            case .readPage, .waitForSync:
                Issue.record("unexpected action")
                break loop
            }
        }
        #expect(rest.flatMap(\.rows).map(\.slot) == [2, 3, 4])
        #expect(rest.map(\.hasMore) == [true, true, false])
        #expect(rest.last?.progress?.percentage == 100)
    }

    @Test func aRunningSyncBlocksAtTheEndOfTheStoreEvenWhenEverythingIsFinal() {
        let running = SyncProgress(step: .storing, allFinal: true)
        var machine = Self.machine(
            batchSize: 5, total: 2, sync: Machine.Sync(version: 3, progress: running, isRunning: true))
        _ = machine.next()
        machine.pageRead(Self.trades(2), hasNext: false)
        guard case .waitForSync(3, let progress) = machine.next() else {
            Issue.record("expected to wait for the sync")
            return
        }
        #expect(progress.step == "storing")
    }

    @Test func progressNeverDecreasesWhenTheTotalGrows() throws {
        let stored = Self.trades(6)
        let sync = Machine.Sync(
            version: 1, progress: SyncProgress(step: .fetchingTransactions, finalBeforeSlot: 5), isRunning: true)
        var machine = Self.machine(batchSize: 1, total: 4, storePageSize: 10, sync: sync)
        _ = machine.next()
        machine.pageRead(Array(stored[0..<5]), hasNext: true)
        var percentages: [Double] = []
        for _ in 0..<20 {
            switch machine.next() {
            case .sendBatch: continue
            case .waitForSync(let version, let progress):
                percentages.append(progress.percentage)
                guard percentages.count < 3 else { break }
                // The sync found more trades: the share sent drops, the reported one must not.
                machine.syncAdvanced(
                    Machine.Sync(version: version + 1, progress: sync.progress, isRunning: true),
                    total: 4 + 100 * percentages.count)
                continue
            case .readPage:
                machine.pageRead([], hasNext: false)
                continue
            case .readSummary, .finish: break
            }
            break
        }
        #expect(percentages.count == 3)
        #expect(percentages == percentages.sorted())
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
