import WalletStreamCore
import WalletStreamIngest

/// The transactions of a generated wallet, produced lazily from ``DemoTradeGenerator``.
///
/// Transaction indices run oldest first. They come in blocks of ``blockSize``: in each block
/// ``spamPerBlock`` positions are spam transfers, ``failedPerBlock`` are failed swaps and the
/// rest carry the generator's transactions (one or two trades each) in order, so the kind of
/// any index is known without generating anything. Spam and failed transactions share the
/// slot and block time of the trade transaction before them.
///
/// Only checkpoints of the generator (every ``checkpointInterval`` trade transactions) are
/// kept; any range of transactions is regenerated from the nearest one.
final class GeneratedHistory: Sendable {
    static let blockSize = 20
    static let spamPerBlock = 2
    static let failedPerBlock = 1
    static let tradesPerBlock = blockSize - spamPerBlock - failedPerBlock

    /// One transaction of the history.
    struct Transaction: Sendable {
        enum Kind: Sendable {
            /// The generator's trades (legs 0 and 1 share a transaction).
            case trades([Trade])
            case spam
            case failed
        }

        let index: Int
        let kind: Kind
        let slot: UInt64
        let blockTime: Int64
    }

    /// The generator positioned before a trade transaction, with what is needed to resume.
    struct WalkState: Sendable {
        var iterator: DemoTradeGenerator.Iterator
        var lookahead: Trade?
        var lastSlot: UInt64
        var lastTime: Int64

        /// The next transaction's trades (all legs sharing one signature).
        mutating func nextGroup() -> [Trade]? {
            guard let first = lookahead ?? iterator.next() else { return nil }
            lookahead = nil
            var group = [first]
            while let trade = iterator.next() {
                if trade.signature == first.signature {
                    group.append(trade)
                } else {
                    lookahead = trade
                    break
                }
            }
            lastSlot = first.slot
            lastTime = first.blockTime
            return group
        }
    }

    let seed: UInt64
    let tradeCount: Int
    /// Number of trade transactions.
    let tradeTransactionCount: Int
    /// Number of transactions of every kind.
    let transactionCount: Int
    let checkpointInterval: Int
    private let checkpoints: [WalkState]

    init(seed: UInt64, tradeCount: Int) {
        self.seed = seed
        self.tradeCount = max(0, tradeCount)
        let generator = DemoTradeGenerator(seed: seed, count: self.tradeCount)
        let interval = max(256, self.tradeCount / 2_000)
        checkpointInterval = interval
        var state = WalkState(
            iterator: generator.makeIterator(), lookahead: nil, lastSlot: generator.startSlot,
            lastTime: generator.startTime)
        var checkpoints: [WalkState] = []
        var groups = 0
        while true {
            if groups % interval == 0 { checkpoints.append(state) }
            guard state.nextGroup() != nil else { break }
            groups += 1
        }
        self.checkpoints = checkpoints
        tradeTransactionCount = groups
        transactionCount = groups == 0 ? 0 : Self.index(ofTradeOrdinal: groups - 1, seed: seed) + 1
    }

    /// The positions of spam and failed transactions in `block`.
    static func layout(block: Int, seed: UInt64) -> (spam: [Int], failed: [Int]) {
        var random = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: block) &* 0x9E37_79B9_7F4A_7C15) ^ 0xB10C)
        var positions: [Int] = []
        while positions.count < spamPerBlock + failedPerBlock {
            let position = random.below(blockSize)
            if !positions.contains(position) { positions.append(position) }
        }
        return (Array(positions.prefix(spamPerBlock)), Array(positions.suffix(failedPerBlock)))
    }

    /// The transaction index of the `ordinal`-th trade transaction.
    static func index(ofTradeOrdinal ordinal: Int, seed: UInt64) -> Int {
        let block = ordinal / tradesPerBlock
        var rank = ordinal % tradesPerBlock
        let layout = layout(block: block, seed: seed)
        for position in 0..<blockSize where !layout.spam.contains(position) && !layout.failed.contains(position) {
            if rank == 0 { return block * blockSize + position }
            rank -= 1
        }
        return block * blockSize + blockSize - 1
    }

    /// Trade transactions with an index below `index`.
    private func tradeTransactions(before index: Int) -> Int {
        let block = index / Self.blockSize
        let position = index % Self.blockSize
        let layout = Self.layout(block: block, seed: seed)
        let inBlock = (0..<position).filter { !layout.spam.contains($0) && !layout.failed.contains($0) }.count
        return block * Self.tradesPerBlock + inBlock
    }

    /// The transactions with indices in `range` (clamped to the history), oldest first.
    func transactions(_ range: Range<Int>) -> [Transaction] {
        let lower = max(0, range.lowerBound)
        let upper = min(transactionCount, range.upperBound)
        guard lower < upper, !checkpoints.isEmpty else { return [] }
        let ordinal = tradeTransactions(before: lower)
        let checkpoint = min(ordinal / checkpointInterval, checkpoints.count - 1)
        var state = checkpoints[checkpoint]
        for _ in (checkpoint * checkpointInterval)..<ordinal { _ = state.nextGroup() }
        var result: [Transaction] = []
        result.reserveCapacity(upper - lower)
        var block = -1
        var layout: (spam: [Int], failed: [Int]) = ([], [])
        for index in lower..<upper {
            if index / Self.blockSize != block {
                block = index / Self.blockSize
                layout = Self.layout(block: block, seed: seed)
            }
            let position = index % Self.blockSize
            if layout.spam.contains(position) {
                result.append(Transaction(index: index, kind: .spam, slot: state.lastSlot, blockTime: state.lastTime))
            } else if layout.failed.contains(position) {
                result.append(
                    Transaction(index: index, kind: .failed, slot: state.lastSlot, blockTime: state.lastTime))
            } else if let group = state.nextGroup() {
                result.append(
                    Transaction(index: index, kind: .trades(group), slot: state.lastSlot, blockTime: state.lastTime))
            }
        }
        return result
    }
}
