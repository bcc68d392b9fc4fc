import DequeModule
import Foundation
import Logging
import WalletStreamCore
import WalletStreamHelius
import WalletStreamStore

/// Fetches a wallet's history into the store, checkpointed so that an interrupted sync resumes
/// where it stopped and a later sync fetches only what is newer.
///
/// 1. **Listing** pages `getSignaturesForAddress` newest → oldest (`before`), down to the newest
///    signature of the previous sync (`until`). Each page is committed with the listing
///    checkpoint, so a killed listing resumes from its oldest listed signature.
/// 2. **Fetching** takes the pending signatures oldest first, in batches of up to 100, with
///    bounded concurrency, parses each transaction from the wallet's own balance changes, and
///    commits each batch (trades, skip reasons, SOL flows, signatures done) in one transaction.
///
/// Trades become *final* (streamable in the total order) once no unfetched transaction can come
/// before them: during a cold listing nothing is final; afterwards every trade older than the
/// oldest unfetched signature's slot is.
public struct WalletSyncer: Sendable {
    public typealias Store = TradeStore & SyncStore & TokenMetadataStore & PriceStore & TradeRewriteStore
        & PositionStore

    let store: any Store
    let client: UpstreamClient
    let logger: Logger

    public init(
        store: any Store, client: UpstreamClient,
        logger: Logger = Logger(label: "walletstream.sync", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.store = store
        self.client = client
        self.logger = logger
    }

    public func sync(
        _ wallet: WalletAddress, progress: @Sendable (SyncProgress) -> Void = { _ in }
    ) async throws -> SyncReport {
        let clock = ContinuousClock()
        let start = clock.now
        let requestsBefore = client.stats.requests
        let retriesBefore = client.stats.retries
        var report = SyncReport(wallet: wallet.rawValue)
        var state = try await store.syncState(wallet: wallet)
        try await store.register(wallet: wallet)
        var status = SyncProgress(step: .listingSignatures)
        // An incremental sync lists only newer signatures: everything stored before is final.
        if state.newestSynced != nil, let slot = state.newestSyncedSlot { status.finalBeforeSlot = slot }
        progress(status)
        logger.debug("sync started", metadata: ["wallet": "\(wallet)", "incremental": "\(state.newestSynced != nil)"])

        do {
            if !state.listingComplete {
                var before = state.oldestListed
                while true {
                    let page = try await client.signatures(for: wallet, before: before, until: state.newestSynced)
                    let complete = page.count < client.configuration.signaturePageSize
                    try await store.recordListedPage(wallet: wallet, signatures: page, listingComplete: complete)
                    report.signaturesListed += page.count
                    let failed = page.filter(\.failed).count
                    if failed > 0 { report.skipped["failed", default: 0] += failed }
                    status.signaturesListed = report.signaturesListed
                    progress(status)
                    guard !complete, let oldest = page.last?.signature else { break }
                    before = oldest
                }
            }
            state = try await store.syncState(wallet: wallet)
            status.step = .fetchingTransactions
            status.transactionsPending = state.pending
            let symbols = try await fetchPending(wallet, report: &report, status: &status, progress: progress)
            try await store.finishSync(wallet: wallet, at: Int64(Date().timeIntervalSince1970))
            try await renameEarlierTrades(of: wallet, symbols: symbols, report: &report)
        } catch let error as WalletStreamError where error.code == .upstreamUnavailable {
            let pending = (try? await store.syncState(wallet: wallet).pending) ?? status.transactionsPending
            throw WalletStreamError(
                code: .upstreamUnavailable,
                message: "\(error.message). Sync of \(wallet) stopped after listing \(report.signaturesListed) "
                    + "signatures and storing \(report.tradesStored) trades from \(report.transactionsFetched) "
                    + "transactions (\(pending) still to fetch); run the sync again to resume from there.",
                underlying: error.underlying)
        }

        status.step = .done
        status.allFinal = true
        status.transactionsPending = 0
        progress(status)
        report.requests = client.stats.requests - requestsBefore
        report.retries = client.stats.retries.merging(retriesBefore) { now, before in now - before }
            .filter { $0.value > 0 }
        report.elapsed = clock.now - start
        logger.debug("sync finished", metadata: ["wallet": "\(wallet)", "summary": "\(report.summaryLine)"])
        return report
    }

    /// Names and values the stored trades of `wallet` that lack a symbol or a USD value, as a
    /// sync does now: trades stored under the mint's first characters get the token's symbol,
    /// and trades without a USD value get one from the price history (when configured) or a
    /// stablecoin leg. Values already known, from a CSV above all, are kept. The rewritten
    /// trades' P&L state and stream chunks are rebuilt at the end, so summaries, token tables
    /// and streams show the new names and dollars.
    public func backfill(_ wallet: WalletAddress) async throws -> SyncReport {
        let clock = ContinuousClock()
        let start = clock.now
        let requestsBefore = client.stats.requests
        var report = SyncReport(wallet: wallet.rawValue)
        var symbols: [String: String?] = [:]
        var cursor: TradeCursor?
        var rewritten = 0
        /// Stored under the mint's first characters, as syncs did before names were looked up.
        func unnamed(_ leg: TokenLeg) -> Bool {
            !Mint.isSOL(leg.mint) && (leg.symbol.isEmpty || leg.symbol == String(leg.mint.prefix(6)))
        }
        repeat {
            let page = try await store.page(wallet: wallet, after: cursor, limit: 5_000, order: .ascending)
            let legs = page.trades.flatMap { [$0.sold, $0.bought] }.filter(unnamed)
            try await lookUp(Set(legs.map(\.mint)), into: &symbols, report: &report)
            var trades = Self.named(page.trades, symbols: symbols, where: unnamed)
            try await value(&trades, report: &report)
            let changed = zip(page.trades, trades).filter { $0 != $1 }.map(\.1)
            try await store.rewriteNamesAndValues(changed, wallet: wallet)
            rewritten += changed.count
            cursor = page.nextCursor
        } while cursor != nil
        if rewritten > 0 { try await store.rebuildDerivedState(of: wallet) }
        report.tradesRewritten = rewritten
        report.requests = client.stats.requests - requestsBefore
        report.elapsed = clock.now - start
        return report
    }

    /// Names and values trades that arrived without a sync (a webhook delivery) as a sync's
    /// commit does: symbols from the stored or looked-up token metadata, USD values from the
    /// price history or a stablecoin leg.
    public func prepareDelivered(_ trades: [Trade]) async throws -> [Trade] {
        var report = SyncReport(wallet: "")
        var symbols: [String: String?] = [:]
        try await lookUp(mintsOf: trades, into: &symbols, report: &report)
        var named = Self.named(trades, symbols: symbols) { _ in true }
        try await value(&named, report: &report)
        return named
    }

    /// Adds to `symbols` the mints of `trades` it does not hold: from the store, else looked up
    /// with `getAssetBatch` and stored for every wallet.
    private func lookUp(
        mintsOf trades: [Trade], into symbols: inout [String: String?], report: inout SyncReport
    ) async throws {
        try await lookUp(Set(trades.flatMap { [$0.sold.mint, $0.bought.mint] }), into: &symbols, report: &report)
    }

    /// Adds to `symbols` those of `mints` it does not hold (see ``lookUp(mintsOf:into:report:)``).
    private func lookUp(
        _ mints: Set<String>, into symbols: inout [String: String?], report: inout SyncReport
    ) async throws {
        var wanted = mints.filter { !Mint.isSOL($0) && symbols[$0] == nil }
        guard !wanted.isEmpty else { return }
        for (mint, metadata) in try await store.tokenMetadata(mints: Array(wanted)) {
            symbols[mint] = .some(metadata.symbol)
            wanted.remove(mint)
        }
        let missing = wanted.sorted()
        let batchSize = client.configuration.assetBatchSize
        for start in stride(from: 0, to: missing.count, by: batchSize) {
            let now = Int64(Date().timeIntervalSince1970)
            let found = try await client.assets(Array(missing[start..<min(start + batchSize, missing.count)]), at: now)
            try await store.storeTokenMetadata(found)
            for metadata in found { symbols[metadata.mint] = .some(metadata.symbol) }
            report.mintsLookedUp += found.count
            report.mintsUnknown += found.filter { !$0.isKnown }.count
        }
    }

    /// Gives `trades` their USD value where none is known: a buy or sell is its SOL leg times
    /// the SOL/USD close of its block time's minute (the days of closes it needs are fetched
    /// once and stored for every wallet), a token-to-token swap with a USDC or USDT leg is that
    /// leg (with or without a price source). A minute without a candle leaves the value unknown
    /// and is counted, never guessed.
    private func value(_ trades: inout [Trade], report: inout SyncReport) async throws {
        let prices = client.configuration.prices
        var minutes = Set<Int64>()
        for (index, trade) in trades.enumerated() where trade.usdValue == nil {
            if trade.solAmount != nil {
                if prices != nil { minutes.insert(Self.minute(of: trade)) }
            } else if let stable = [trade.sold, trade.bought].first(where: { Mint.usdStablecoins.contains($0.mint) }) {
                trades[index].usdValue = stable.amount
                trades[index].usdSource = .stablecoin
                report.tradesValued += 1
            }
        }
        guard let prices, !minutes.isEmpty else { return }
        let days = Set(minutes.map { $0 / 86_400 })
        let complete = try await store.completePriceDays(symbol: prices.symbol, days: Array(days))
        let now = Int64(Date().timeIntervalSince1970)
        for day in days.subtracting(complete).sorted() {
            let closes = try await client.minuteCloses(from: day * 86_400, to: day * 86_400 + 86_399)
            try await store.storePriceDay(
                symbol: prices.symbol, day: day, closes: closes, complete: (day + 1) * 86_400 <= now)
        }
        let closes = try await store.minuteCloses(symbol: prices.symbol, minutes: Array(minutes))
        let one = Amount(1)
        for (index, trade) in trades.enumerated() where trade.usdValue == nil && trade.solAmount != nil {
            guard let sol = trade.solAmount, let close = closes[Self.minute(of: trade)] else {
                report.tradesWithoutPrice += 1
                continue
            }
            trades[index].usdValue = sol.multiplied(by: close, dividedBy: one)
            trades[index].usdSource = .priceHistory
            report.tradesValued += 1
        }
    }

    /// `trades` with the legs `rename` picks under their mint's known symbol (`symbols`: mint →
    /// symbol, nil where the provider does not know it).
    static func named(
        _ trades: [Trade], symbols: [String: String?], where rename: (TokenLeg) -> Bool
    ) -> [Trade] {
        trades.map { trade in
            var named = trade
            for keyPath in [\Trade.sold, \Trade.bought] where rename(trade[keyPath: keyPath]) {
                if let symbol = symbols[trade[keyPath: keyPath].mint] ?? nil { named[keyPath: keyPath].symbol = symbol }
            }
            return named
        }
    }

    /// The start of the minute of `trade`'s block time (Unix seconds; block times are positive).
    static func minute(of trade: Trade) -> Int64 { max(0, trade.blockTime) / 60 * 60 }

    struct BatchResult: Sendable {
        var sequence: Int
        var signatures: [String]
        var trades: [Trade]
        var skipped: [String: Int]
        var flows: [TransactionSOLFlow]
    }

    /// Fetches every pending signature, oldest first, keeping `maxConcurrency` batches in
    /// flight. Batches are committed in the order they were listed (a batch that lands early
    /// waits for the ones before it, a few at most), so the store appends in the total order and
    /// its P&L upkeep never has to replay the wallet.
    /// Returns the symbols the sync used (mint → symbol, nil where the provider does not know it).
    private func fetchPending(
        _ wallet: WalletAddress, report: inout SyncReport, status: inout SyncProgress,
        progress: @Sendable (SyncProgress) -> Void
    ) async throws -> [String: String?] {
        let batchSize = client.configuration.transactionBatchSize
        let concurrency = client.configuration.maxConcurrency
        let parser = HeliusSwapParser(wallet: wallet)
        let client = self.client
        var queue = Deque<[SignatureRecord]>()
        var loadedUpTo: SignatureRecord?
        var exhausted = false
        var inFlight: [Int: UInt64] = [:]  // sequence → first slot, until committed
        var fetching = 0
        var landed: [Int: BatchResult] = [:]
        var nextSequence = 0
        var nextToCommit = 0

        func release() {
            // Before the first pending signatures are loaded nothing new is known to be final:
            // the store may already hold newer trades (a webhook's) that unfetched ones precede.
            if loadedUpTo == nil, !exhausted {
                status.allFinal = false
                return
            }
            let bound = [inFlight.values.min(), queue.first?.first?.slot, exhausted ? nil : loadedUpTo?.slot]
                .compactMap { $0 }.min()
            status.finalBeforeSlot = bound
            status.allFinal = bound == nil
        }
        var symbols: [String: String?] = [:]  // mint → symbol (nil: the provider does not know it)
        /// Stores a batch once every batch listed before it is stored, its trades named.
        func commit(_ result: BatchResult) async throws {
            status.step = .storing
            try await lookUp(mintsOf: result.trades, into: &symbols, report: &report)
            var trades = Self.named(result.trades, symbols: symbols) { _ in true }
            try await value(&trades, report: &report)
            let counts = try await store.completeBatch(
                wallet: wallet, signatures: result.signatures, trades: trades, skipped: result.skipped,
                flows: result.flows)
            inFlight[result.sequence] = nil
            report.transactionsFetched += result.signatures.count
            report.tradesStored += counts.inserted
            report.alreadyPresent += counts.alreadyPresent
            report.skipped.merge(result.skipped, uniquingKeysWith: +)
            status.step = .fetchingTransactions
            status.transactionsFetched = report.transactionsFetched
            status.transactionsPending = max(0, status.transactionsPending - result.signatures.count)
            status.tradesStored = report.tradesStored
            release()
            progress(status)
        }

        release()
        progress(status)

        try await withThrowingTaskGroup(of: BatchResult.self) { group in
            while true {
                while fetching < concurrency, inFlight.count < concurrency * 4 {
                    if queue.isEmpty, !exhausted {
                        let loaded = try await store.pendingSignatures(
                            wallet: wallet, after: loadedUpTo, limit: batchSize * concurrency * 4)
                        exhausted = loaded.count < batchSize * concurrency * 4
                        loadedUpTo = loaded.last ?? loadedUpTo
                        var index = 0
                        while index < loaded.count {
                            queue.append(Array(loaded[index..<min(index + batchSize, loaded.count)]))
                            index += batchSize
                        }
                    }
                    guard let batch = queue.popFirst(), let first = batch.first else { break }
                    let sequence = nextSequence
                    nextSequence += 1
                    inFlight[sequence] = first.slot
                    fetching += 1
                    group.addTask {
                        let signatures = batch.map(\.signature)
                        let transactions = try await client.transactions(signatures)
                        var result = BatchResult(
                            sequence: sequence, signatures: signatures, trades: [], skipped: [:], flows: [])
                        for transaction in transactions {
                            let parsed = parser.parse(transaction)
                            result.trades += parsed.trades
                            if let reason = parsed.skipReason { result.skipped[reason.rawValue, default: 0] += 1 }
                            if let flow = parsed.solFlow { result.flows.append(flow) }
                        }
                        return result
                    }
                }
                guard !inFlight.isEmpty, let fetched = try await group.next() else { break }
                fetching -= 1
                landed[fetched.sequence] = fetched
                while let result = landed.removeValue(forKey: nextToCommit) {
                    nextToCommit += 1
                    try await commit(result)
                }
            }
        }
        return symbols
    }

    /// A wallet synced before tokens were named holds trades under the mint's first characters.
    /// When this sync named one of their mints, those trades are renamed (and valued) as a
    /// backfill does, so streams and summaries show the name. The check reads only the
    /// positions of the mints named: a position keeps its first trade's symbol.
    private func renameEarlierTrades(
        of wallet: WalletAddress, symbols: [String: String?], report: inout SyncReport
    ) async throws {
        let named = symbols.compactMapValues { $0 }
        guard !named.isEmpty else { return }
        let positions = try await store.positions(of: wallet, mints: Array(named.keys))
        guard positions.contains(where: { $0.symbol == String($0.mint.prefix(6)) && named[$0.mint] != $0.symbol })
        else { return }
        let backfill = try await self.backfill(wallet)
        report.tradesRewritten += backfill.tradesRewritten
        report.mintsLookedUp += backfill.mintsLookedUp
        report.mintsUnknown += backfill.mintsUnknown
        report.tradesValued += backfill.tradesValued
        report.tradesWithoutPrice += backfill.tradesWithoutPrice
    }
}
