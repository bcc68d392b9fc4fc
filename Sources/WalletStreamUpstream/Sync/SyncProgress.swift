import WalletStreamCore

/// What a sync is doing, for progress bars and the stream's `progress` events.
public struct SyncProgress: Sendable, Hashable {
    public enum Step: String, Sendable, Hashable, Codable {
        case queued
        case listingSignatures = "listing_signatures"
        case fetchingTransactions = "fetching_transactions"
        case storing
        case done
    }

    public var step: Step
    /// Signatures listed by this sync so far.
    public var signaturesListed: Int
    /// Transactions fetched and stored by this sync so far.
    public var transactionsFetched: Int
    /// Transactions this sync still has to fetch (known once listing is complete).
    public var transactionsPending: Int
    public var tradesStored: Int
    /// Trades strictly before this slot are final: no transaction still to fetch can come
    /// before them in the total order. Nil while no trade can be released yet.
    public var finalBeforeSlot: UInt64?
    /// Every trade is final (the sync is done).
    public var allFinal: Bool
    /// While the sync waits for its turn: its place in the queue (1: next). Nil once it runs.
    public var queuePosition: Int?

    public init(
        step: Step = .listingSignatures, signaturesListed: Int = 0, transactionsFetched: Int = 0,
        transactionsPending: Int = 0, tradesStored: Int = 0, finalBeforeSlot: UInt64? = nil, allFinal: Bool = false,
        queuePosition: Int? = nil
    ) {
        self.step = step
        self.signaturesListed = signaturesListed
        self.transactionsFetched = transactionsFetched
        self.transactionsPending = transactionsPending
        self.tradesStored = tradesStored
        self.finalBeforeSlot = finalBeforeSlot
        self.allFinal = allFinal
        self.queuePosition = queuePosition
    }

    /// Whether a trade in `slot` can be sent without a later-fetched trade overtaking it.
    public func isFinal(slot: UInt64) -> Bool {
        allFinal || finalBeforeSlot.map { slot < $0 } ?? false
    }
}
