import WalletStreamCore

/// A wallet's sync checkpoint exactly as stored (see ``SyncState`` for what each field means).
public struct SyncCheckpoint: Sendable, Hashable {
    public var newestSynced: String?
    public var newestSyncedSlot: UInt64?
    public var runNewest: String?
    public var runNewestSlot: UInt64?
    public var oldestListed: String?
    public var listingComplete: Bool
    public var lastSyncedAt: Int64?

    public init(
        newestSynced: String?, newestSyncedSlot: UInt64?, runNewest: String?, runNewestSlot: UInt64?,
        oldestListed: String?, listingComplete: Bool, lastSyncedAt: Int64?
    ) {
        self.newestSynced = newestSynced
        self.newestSyncedSlot = newestSyncedSlot
        self.runNewest = runNewest
        self.runNewestSlot = runNewestSlot
        self.oldestListed = oldestListed
        self.listingComplete = listingComplete
        self.lastSyncedAt = lastSyncedAt
    }
}

/// One listed signature of a wallet's sync, fetched (or failed on chain) or still pending.
public struct ListedSignature: Sendable, Hashable {
    public var record: SignatureRecord
    public var done: Bool

    public init(record: SignatureRecord, done: Bool) {
        self.record = record
        self.done = done
    }
}

/// Reads a store's sync bookkeeping whole, a page at a time: what moving a store copies.
public protocol SyncRecordSource: Sendable {
    func syncCheckpoint(wallet: WalletAddress) async throws -> SyncCheckpoint?
    /// Listed signatures in signature order, strictly after `after`.
    func listedSignatures(wallet: WalletAddress, after: String?, limit: Int) async throws -> [ListedSignature]
    /// Stored SOL flows in signature order, strictly after `after`.
    func solFlows(wallet: WalletAddress, after: String?, limit: Int) async throws -> [TransactionSOLFlow]
    /// Stored token metadata in mint order, strictly after `after` (every wallet's).
    func tokenMetadata(after: String?, limit: Int) async throws -> [TokenMetadata]
}

/// Writes copied sync bookkeeping; every write is idempotent, so a copy can run again.
public protocol SyncRecordSink: Sendable {
    /// Sets the checkpoint (replacing the one stored).
    func putSyncCheckpoint(_ checkpoint: SyncCheckpoint, wallet: WalletAddress) async throws
    /// Adds listed signatures; one already there keeps whichever state is further along.
    func putListedSignatures(_ signatures: [ListedSignature], wallet: WalletAddress) async throws
    func putSOLFlows(_ flows: [TransactionSOLFlow], wallet: WalletAddress) async throws
    /// Sets the skip counts (replacing those stored).
    func putSkipCounts(_ counts: [String: Int], wallet: WalletAddress) async throws
    /// Adds an API key as it is, unless a key with its prefix is there; true when added.
    func putAPIKey(_ record: APIKeyRecord) async throws -> Bool
}
