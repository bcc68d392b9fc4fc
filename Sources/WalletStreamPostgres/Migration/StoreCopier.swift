import Logging
import WalletStreamCore
import WalletStreamStore

/// Copies a store into a PostgreSQL one: every wallet's trades (the destination keeps its P&L
/// state and stream chunks from them as it stores them, so they come out the same), its sync
/// checkpoint, listed signatures, skip counts and SOL flows, its late-trade journal (with its
/// sequences, so that followers' ids resume on the copy), the token metadata and the API keys.
///
/// Every write is idempotent, so a copy that stopped part way can simply run again, and a copy
/// run twice changes nothing the second time. Memory stays bounded: everything moves a page at
/// a time.
public struct StoreCopier: Sendable {
    /// Where a copy stands.
    public struct Progress: Sendable {
        public var walletsDone: Int
        public var wallets: Int
        public var tradesDone: Int
        public var trades: Int
    }

    /// What a copy did.
    public struct Report: Sendable, Hashable {
        public var wallets = 0
        public var tradesCopied = 0
        public var tradesAlreadyPresent = 0
        public var signatures = 0
        public var solFlows = 0
        public var lateTrades = 0
        public var tokenMetadata = 0
        public var apiKeysCopied = 0
    }

    /// Trades (and sync records) per page read and transaction written.
    static let pageSize = 10_000

    public let source: any WalletStore & SyncRecordSource
    public let destination: PostgresTradeStore

    public init(source: any WalletStore & SyncRecordSource, destination: PostgresTradeStore) {
        self.source = source
        self.destination = destination
    }

    public func run(progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Report {
        let wallets = try await source.wallets()
        var state = Progress(
            walletsDone: 0, wallets: wallets.count, tradesDone: 0, trades: wallets.reduce(0) { $0 + $1.trades })
        var report = Report()
        progress(state)
        for info in wallets {
            let wallet = try WalletAddress(validating: info.wallet)
            try await destination.register(wallet: wallet)
            // Pages in the total order: the destination appends, as an import of an oldest-first file.
            var cursor: TradeCursor?
            repeat {
                let page = try await source.page(wallet: wallet, after: cursor, limit: Self.pageSize, order: .ascending)
                let counts = try await destination.insert(page.trades, wallet: wallet)
                report.tradesCopied += counts.inserted
                report.tradesAlreadyPresent += counts.alreadyPresent
                state.tradesDone += page.trades.count
                progress(state)
                cursor = page.nextCursor
            } while cursor != nil
            try await copySyncRecords(of: wallet, report: &report)
            var sequence: Int64 = 0
            while true {
                let page = try await source.lateTrades(wallet: wallet, after: sequence, limit: Self.pageSize)
                try await destination.putLateTrades(page, wallet: wallet)
                report.lateTrades += page.count
                guard page.count == Self.pageSize, let last = page.last else { break }
                sequence = last.sequence
            }
            report.wallets += 1
            state.walletsDone += 1
            progress(state)
        }
        var mint: String?
        while true {
            let page = try await source.tokenMetadata(after: mint, limit: Self.pageSize)
            try await destination.storeTokenMetadata(page)
            report.tokenMetadata += page.count
            guard page.count == Self.pageSize, let last = page.last else { break }
            mint = last.mint
        }
        for key in try await source.apiKeys() where try await destination.putAPIKey(key) {
            report.apiKeysCopied += 1
        }
        return report
    }

    private func copySyncRecords(of wallet: WalletAddress, report: inout Report) async throws {
        var after: String?
        while true {
            let page = try await source.listedSignatures(wallet: wallet, after: after, limit: Self.pageSize)
            try await destination.putListedSignatures(page, wallet: wallet)
            report.signatures += page.count
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.record.signature
        }
        after = nil
        while true {
            let page = try await source.solFlows(wallet: wallet, after: after, limit: Self.pageSize)
            try await destination.putSOLFlows(page, wallet: wallet)
            report.solFlows += page.count
            guard page.count == Self.pageSize, let last = page.last else { break }
            after = last.signature
        }
        try await destination.putSkipCounts(try await source.skipCounts(wallet: wallet), wallet: wallet)
        // The checkpoint last: a copy that stops before it leaves the wallet to sync from scratch
        // over what was copied, which refetches nothing stored.
        if let checkpoint = try await source.syncCheckpoint(wallet: wallet) {
            try await destination.putSyncCheckpoint(checkpoint, wallet: wallet)
        }
    }
}
