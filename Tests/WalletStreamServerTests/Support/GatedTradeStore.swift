import Foundation
import Synchronization
import WalletStreamCore
import WalletStreamStore

/// A gate tests open and close; waiters resume when it opens, or throw when cancelled.
final class Gate: Sendable {
    private struct State {
        var isOpen: Bool
        var waiters: [UUID: CheckedContinuation<Void, any Error>] = [:]
    }

    private let state: Mutex<State>

    init(open: Bool = true) {
        state = Mutex(State(isOpen: open))
    }

    /// Tasks currently waiting at the gate.
    var waiting: Int { state.withLock { $0.waiters.count } }

    func close() { state.withLock { $0.isOpen = false } }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    func pass() async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let passNow = state.withLock { state -> Bool? in
                    if state.isOpen { return true }
                    if Task.isCancelled { return false }
                    state.waiters[id] = continuation
                    return nil
                }
                switch passNow {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}

/// A real store whose `page()` waits at a gate (to make a stream idle) and is counted (to see
/// how far a producer has read).
final class GatedTradeStore: TradeStore {
    let base: any TradeStore
    let gate = Gate()
    private let pages = Atomic<Int>(0)

    init(_ base: any TradeStore) {
        self.base = base
    }

    /// `page()` calls that got past the gate.
    var pagesRead: Int { pages.load(ordering: .relaxed) }

    func page(wallet: WalletAddress, after cursor: TradeCursor?, limit: Int, order: ListingOrder) async throws
        -> TradePage
    {
        try await gate.pass()
        pages.add(1, ordering: .relaxed)
        return try await base.page(wallet: wallet, after: cursor, limit: limit, order: order)
    }

    func streamPage(wallet: WalletAddress, after cursor: TradeCursor?, limit: Int) async throws -> StreamPage {
        try await gate.pass()
        pages.add(1, ordering: .relaxed)
        return try await base.streamPage(wallet: wallet, after: cursor, limit: limit)
    }

    func insert(_ trades: [Trade], wallet: WalletAddress) async throws -> InsertCounts {
        try await base.insert(trades, wallet: wallet)
    }

    func insertAtomically(_ produce: @escaping @Sendable (inout any TradeSink) throws -> Void) async throws
        -> InsertCounts
    {
        try await base.insertAtomically(produce)
    }

    func count(wallet: WalletAddress) async throws -> Int { try await base.count(wallet: wallet) }

    func count(wallet: WalletAddress, through cursor: TradeCursor) async throws -> Int {
        try await base.count(wallet: wallet, through: cursor)
    }

    func lookup(wallet: WalletAddress) async throws -> WalletInfo? { try await base.lookup(wallet: wallet) }

    func register(wallet: WalletAddress) async throws { try await base.register(wallet: wallet) }

    func wallets() async throws -> [WalletInfo] { try await base.wallets() }

    func summary(of wallet: WalletAddress) async throws -> WalletSummary { try await base.summary(of: wallet) }

    func tokens(of wallet: WalletAddress, order: TokenOrder, after cursor: TokenCursor?, limit: Int) async throws
        -> TokenPage
    {
        try await base.tokens(of: wallet, order: order, after: cursor, limit: limit)
    }

    func journalLate(_ trades: [Trade], wallet: WalletAddress) async throws {
        try await base.journalLate(trades, wallet: wallet)
    }

    func lateTrades(wallet: WalletAddress, after sequence: Int64, limit: Int) async throws -> [JournaledTrade] {
        try await base.lateTrades(wallet: wallet, after: sequence, limit: limit)
    }

    func lateMark(wallet: WalletAddress) async throws -> Int64 { try await base.lateMark(wallet: wallet) }
}
