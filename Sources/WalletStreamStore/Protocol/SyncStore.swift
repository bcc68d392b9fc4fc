import WalletStreamCore

/// Persistence of chain syncs: the listing checkpoint, the signatures still to fetch, and what
/// each fetched batch produced. Every method is one transaction, so a sync killed at any point
/// resumes from what was committed without refetching it.
public protocol SyncStore: Sendable {
    /// The checkpoint of `wallet` (a fresh state when it was never synced).
    func syncState(wallet: WalletAddress) async throws -> SyncState

    /// Records one page of `getSignaturesForAddress` (newest first): its signatures become pending
    /// (known ones are left as they are), failed ones are counted as skipped, and the listing
    /// checkpoint moves to the page's oldest signature.
    func recordListedPage(
        wallet: WalletAddress, signatures: [SignatureRecord], listingComplete: Bool
    ) async throws

    /// Pending signatures, oldest first (slot, then signature), strictly after `after` in that order.
    func pendingSignatures(
        wallet: WalletAddress, after: SignatureRecord?, limit: Int
    ) async throws -> [SignatureRecord]

    /// Stores a fetched batch: its trades, skip reasons and SOL flows, and marks its signatures
    /// done, in one transaction.
    func completeBatch(
        wallet: WalletAddress, signatures: [String], trades: [Trade], skipped: [String: Int],
        flows: [TransactionSOLFlow]
    ) async throws -> InsertCounts

    /// Marks the current sync finished at `time` (Unix seconds): its newest signature becomes the
    /// `until` of the next incremental sync.
    func finishSync(wallet: WalletAddress, at time: Int64) async throws

    /// Transactions skipped by reason, over every sync of `wallet`.
    func skipCounts(wallet: WalletAddress) async throws -> [String: Int]

    /// The stored SOL flow of one transaction of `wallet`.
    func solFlow(wallet: WalletAddress, signature: String) async throws -> TransactionSOLFlow?

    /// Claims the sync of `wallet` for `owner` until `duration` from now, so that one node of
    /// several sharing the store syncs a wallet at a time. True when `owner` holds the lease
    /// (taken or renewed); false while another owner's lease has not expired.
    func acquireSyncLease(wallet: WalletAddress, owner: String, for duration: Duration) async throws -> Bool

    /// Gives up `owner`'s lease on `wallet`, if it still holds it.
    func releaseSyncLease(wallet: WalletAddress, owner: String) async throws

    /// Waits until a sync of `wallet` (on any node) commits progress, or `timeout` passes; true
    /// when progress was signalled. For following a sync another node runs.
    func waitForSyncProgress(wallet: WalletAddress, upTo timeout: Duration) async throws -> Bool

    /// Tells every node that trades of `wallet` were stored outside a sync (a webhook delivery),
    /// as a sync's commit does.
    func announceTrades(of wallet: WalletAddress) async throws

    /// Calls `stored` with each wallet whose trades any node announced or whose sync committed,
    /// until cancelled: how followers on one node learn of trades another node stored.
    func watchStoredTrades(_ stored: @escaping @Sendable (WalletAddress) -> Void) async throws
}

extension SyncStore {
    /// A store only one process writes (SQLite) needs no lease: the process's own coordinator
    /// already runs one sync per wallet.
    public func acquireSyncLease(wallet: WalletAddress, owner: String, for duration: Duration) async throws -> Bool {
        true
    }

    public func releaseSyncLease(wallet: WalletAddress, owner: String) async throws {}

    /// Without a way to be told, waiting is looking again after `timeout`.
    public func waitForSyncProgress(wallet: WalletAddress, upTo timeout: Duration) async throws -> Bool {
        try await Task.sleep(for: timeout)
        return false
    }

    /// One process writes the store: its own writes are all there is to hear of.
    public func announceTrades(of wallet: WalletAddress) async throws {}

    /// One process writes the store: nothing to watch; returns when cancelled.
    public func watchStoredTrades(_ stored: @escaping @Sendable (WalletAddress) -> Void) async throws {
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }
}

/// One entry of a signature listing.
public struct SignatureRecord: Sendable, Hashable {
    public var signature: String
    public var slot: UInt64
    public var blockTime: Int64?
    /// The transaction failed on chain: it is counted, never fetched.
    public var failed: Bool

    public init(signature: String, slot: UInt64, blockTime: Int64?, failed: Bool) {
        self.signature = signature
        self.slot = slot
        self.blockTime = blockTime
        self.failed = failed
    }
}

/// Where a wallet's sync stands.
public struct SyncState: Sendable, Hashable {
    /// Newest signature of the last finished sync: the `until` of the next one.
    public var newestSynced: String?
    /// Slot of ``newestSynced``.
    public var newestSyncedSlot: UInt64?
    /// Newest signature listed by the sync in progress.
    public var runNewest: String?
    /// Oldest signature listed by the sync in progress: the `before` to resume listing from.
    public var oldestListed: String?
    /// Whether the sync in progress has listed everything.
    public var listingComplete: Bool
    /// Signatures listed but not yet fetched.
    public var pending: Int
    /// Slot of the oldest signature not yet fetched: trades before it are final once listing is
    /// complete.
    public var oldestPendingSlot: UInt64?
    /// When the last sync finished (Unix seconds).
    public var lastSyncedAt: Int64?

    public init(
        newestSynced: String? = nil, newestSyncedSlot: UInt64? = nil, runNewest: String? = nil,
        oldestListed: String? = nil, listingComplete: Bool = false, pending: Int = 0,
        oldestPendingSlot: UInt64? = nil, lastSyncedAt: Int64? = nil
    ) {
        self.oldestPendingSlot = oldestPendingSlot
        self.newestSynced = newestSynced
        self.newestSyncedSlot = newestSyncedSlot
        self.runNewest = runNewest
        self.oldestListed = oldestListed
        self.listingComplete = listingComplete
        self.pending = pending
        self.lastSyncedAt = lastSyncedAt
    }
}
