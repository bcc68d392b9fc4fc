import Foundation
import Hummingbird
import Logging
import WalletStreamCore
import WalletStreamWire

/// A Hummingbird app on a loopback port, run for the duration of `body`.
func withTestServer<Result: Sendable>(
    _ router: Router<BasicRequestContext>,
    _ body: @Sendable (_ baseURL: String) async throws -> Result
) async throws -> Result {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "test-server")
    logger.logLevel = .critical
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
        logger: logger
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        defer { group.cancelAll() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            throw TestServerError.noPort
        }
        return try await body("http://127.0.0.1:\(port)")
    }
}

enum TestServerError: Error {
    case noPort
    case scriptedDrop
}

/// Records what the scripted server saw, for assertions.
actor RequestLog {
    private(set) var lastEventIDs: [String?] = []
    private(set) var queries: [String] = []

    /// Trades the client under test handed to its handler (for scripts that wait on it).
    private(set) var tradesDelivered = 0

    func delivered(_ count: Int) {
        tradesDelivered += count
    }

    /// Requests that arrived while a scripted stall was still going on.
    private(set) var requestsDuringStall = 0
    private var stalling = false

    func record(lastEventID: String?, query: String) {
        lastEventIDs.append(lastEventID)
        queries.append(query)
        if stalling { requestsDuringStall += 1 }
    }

    func stall(_ on: Bool) {
        stalling = on
    }

    var count: Int { lastEventIDs.count }
}

/// Builders for the stream's wire format.
enum SSE {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func event(_ name: StreamEventName, _ payload: some Encodable, id: String? = nil) throws -> ByteBuffer {
        var text = "event: \(name.rawValue)\n"
        if let id { text += "id: \(id)\n" }
        let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
        text += "data: \(json)\n\n"
        return ByteBuffer(string: text)
    }

    static let wallet = "So11111111111111111111111111111111111111112"

    static func trades(_ count: Int) -> [Trade] {
        (0..<count).map(trade(at:))
    }

    /// Two buys then a sell, repeating, so the P&L summary has something to realize.
    static func trade(at index: Int) -> Trade {
        let bonk = TokenLeg(mint: "Bonk1", symbol: "BONK", amount: Amount(10))
        let isSell = index % 3 == 2
        let solAmount = isSell ? Amount(2) : Amount(1)
        return Trade(
            signature: "sig\(index)",
            slot: UInt64(1_000 + index),
            blockTime: 1_700_000_000 + Int64(index),
            venue: "raydium",
            side: isSell ? .sell : .buy,
            sold: isSell ? bonk : .sol(solAmount),
            bought: isSell ? .sol(solAmount) : bonk,
            solAmount: solAmount
        )
    }

    static func summary(of trades: [Trade]) throws -> WalletSummary {
        var engine = PnLEngine(wallet: try WalletAddress(validating: wallet))
        for trade in trades { engine.consume(trade) }
        return engine.summary()
    }
}
