import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// A following stream's place in its wallet's late-trade journal (``LateTradeJournal``): which
/// late trades it has accounted for. Its event ids carry the place (``TradeCursor/lateMark``),
/// so a reconnect is told of late trades stored while it was away.
struct LateTradeReader: Sendable {
    let store: any TradeStore
    let wallet: WalletAddress
    /// The newest journal entry accounted for.
    private(set) var mark: Int64

    static let pageSize = 500
    /// While a history streams, the journal is read at most this often: a read before every
    /// page cost a 1M-trade history about a quarter of its speed. Reading less often misses
    /// nothing (see ``sendCorrections(before:out:)``); it only widens the window in which a
    /// late trade landing ahead of the stream is sent both as a trade and as a correction.
    static let historyInterval = Duration.milliseconds(50)

    private var lastRead: ContinuousClock.Instant?

    /// Starts after `resumed`'s mark, or, when it has none, at the journal's newest entry: a
    /// stream that did not come from a following stream cannot know what it was told.
    init(store: any TradeStore, wallet: WalletAddress, resumed: TradeCursor?) async throws {
        self.store = store
        self.wallet = wallet
        if let mark = resumed?.lateMark {
            self.mark = mark
        } else {
            mark = try await store.lateMark(wallet: wallet)
        }
    }

    /// Reads the journal past the mark before the stream reads more trades after `cursor`, and
    /// sends the late trades at or before `cursor` as `correction` events, a page of the
    /// journal at a time; returns how many. Those after `cursor` are stored already, so the
    /// stream's next reads send them as trades.
    mutating func sendCorrections(before cursor: TradeCursor?, out: inout SSEChunkBuilder) async throws -> Int {
        lastRead = .now
        var sent = 0
        while true {
            let entries = try await store.lateTrades(wallet: wallet, after: mark, limit: Self.pageSize)
            guard let last = entries.last else { break }
            mark = last.sequence
            if let cursor {
                let late = entries.map(\.trade).filter { !cursor.precedes($0.orderKey) }
                if !late.isEmpty {
                    try out.events.event(.correction, id: id(after: cursor), payload: StreamCorrection(trades: late))
                    sent += late.count
                    try await out.flushIfFull()
                }
            }
            if entries.count < Self.pageSize { break }
        }
        return sent
    }

    /// ``sendCorrections(before:out:)`` when it last ran ``historyInterval`` ago or more, or
    /// never: for a stream's history, before each page. Ids stay exact: a mark covers only
    /// entries whose trades were stored before the journal was read, so every page read after
    /// it holds those trades that lie ahead of the stream.
    mutating func sendCorrectionsIfDue(before cursor: TradeCursor?, out: inout SSEChunkBuilder) async throws -> Int {
        if let lastRead, ContinuousClock.now - lastRead < Self.historyInterval { return 0 }
        return try await sendCorrections(before: cursor, out: &out)
    }

    /// The id of an event after `cursor`.
    func id(after cursor: TradeCursor) -> String { cursor.marked(mark).encoded }
}
