import Foundation
import Hummingbird
import NIOCore
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream
import WalletStreamWire

/// The one-shot JSON endpoints: a page of trades, the summary, and `POST /v4/analyze`.
struct WalletController: Sendable {
    let store: any TradeStore
    let configuration: ServerConfiguration
    let sync: SyncCoordinator?
    let limiter: ClientLimiter

    static let json: HTTPFields = [.contentType: "application/json; charset=utf-8"]

    /// `GET /v4/wallet/{address}/trades?limit=&cursor=&order=`.
    func trades(_ request: Request, context: WalletStreamRequestContext) async throws -> Response {
        let wallet = try request.wallet(context)
        let limit = try request.integer("limit", in: 1...1000, default: 100)
        let order = try request.choice(
            "order", default: ListingOrder.ascending, ["asc": .ascending, "desc": .descending])
        let cursor = try request.cursor(request.query("cursor"), wallet: wallet)
        try await requireKnown(wallet, client: context.client)
        let page = try await store.page(wallet: wallet, after: cursor, limit: limit, order: order)
        return Self.page("trades", page.trades, next: page.nextCursor?.encoded) { $0.trade($1) }
    }

    /// `GET /v4/wallet/{address}/summary`.
    func summary(_ request: Request, context: WalletStreamRequestContext) async throws -> Response {
        let wallet = try request.wallet(context)
        try await requireKnown(wallet, client: context.client)
        var summary = try await store.summary(of: wallet)
        // One lookup for both lists (a store read each, and the pool may be busy).
        let top = summary.topTokens.count
        let valued = try await valued(summary.topTokens + summary.bottomTokens, of: wallet)
        summary.topTokens = Array(valued.prefix(top))
        summary.bottomTokens = Array(valued.dropFirst(top))
        var json = JSONWriter(capacity: 16 * 1024)
        json.summary(summary)
        return Response(status: .ok, headers: Self.json, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    /// `GET /v4/wallet/{address}/tokens?limit=&cursor=&sort=`: a page of the token table.
    func tokens(_ request: Request, context: WalletStreamRequestContext) async throws -> Response {
        let wallet = try request.wallet(context)
        let limit = try request.integer("limit", in: 1...1000, default: 100)
        let order = try request.choice(
            "sort", default: TokenOrder.pnlDescending,
            Dictionary(uniqueKeysWithValues: TokenOrder.allCases.map { ($0.rawValue, $0) }))
        let cursor = try request.query("cursor").map { text throws(WalletStreamError) in
            try TokenCursor(decoding: text, wallet: wallet, order: order)
        }
        try await requireKnown(wallet, client: context.client)
        let page = try await store.tokens(of: wallet, order: order, after: cursor, limit: limit)
        let tokens = try await valued(page.tokens, of: wallet)
        return Self.page("tokens", tokens, next: page.nextCursor?.encoded) { $0.tokenSummary($1) }
    }

    /// `tokens` with their names, and the value of open positions at known prices, when the
    /// store keeps token metadata (see ``TokenValuation``).
    func valued(_ tokens: [TokenSummary], of wallet: WalletAddress) async throws -> [TokenSummary] {
        guard let metadata = store as? any TokenMetadataStore & PositionStore else { return tokens }
        return try await TokenValuation.enrich(tokens, of: wallet, store: metadata)
    }

    /// `{"<key>": [...], "next_cursor": "..."|null}`.
    static func page<Element>(
        _ key: StaticString, _ elements: [Element], next: String?, write: (inout JSONWriter, Element) -> Void
    ) -> Response {
        var json = JSONWriter(capacity: elements.count * 480 + 256)
        json.raw("{\"")
        json.raw(key)
        json.raw("\":[")
        for (index, element) in elements.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            write(&json, element)
        }
        json.raw("],\"next_cursor\":")
        if let next { json.string(next) } else { json.raw("null") }
        json.byte(UInt8(ascii: "}"))
        return Response(status: .ok, headers: Self.json, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    struct AnalyzeRequest: Decodable {
        var wallet: String
        var includeTrades: Bool?

        enum CodingKeys: String, CodingKey {
            case wallet
            case includeTrades = "include_trades"
        }
    }

    /// `POST /v4/analyze` with `{"wallet", "include_trades"}`:
    /// `{"wallet", "trades"?, "summary", "tokens"}`.
    ///
    /// The body is written as it is produced: trades page by page, the stored summary, then the
    /// whole token table page by page. Neither the trades nor the tokens ever sit in memory whole.
    func analyze(_ request: Request, context: WalletStreamRequestContext) async throws -> Response {
        let body = try await request.jsonBody(maxBytes: configuration.maxBodyBytes)
        let input: AnalyzeRequest
        do {
            input = try JSONDecoder().decode(AnalyzeRequest.self, from: Data(buffer: body))
        } catch {
            throw WalletStreamError(
                code: .invalidParameter,
                message: "body must be JSON {\"wallet\": \"<address>\", \"include_trades\": true|false}")
        }
        let wallet = try WalletAddress(validating: input.wallet)
        try await requireKnown(wallet, client: context.client)
        let includeTrades = input.includeTrades ?? false
        let store = self.store
        let pageSize = configuration.storePageSize
        let chunkBytes = configuration.writeChunkBytes
        return Response(
            status: .ok, headers: Self.json,
            body: ResponseBody { writer in
                var json = JSONWriter(capacity: chunkBytes + 4096)
                json.raw("{\"wallet\":")
                json.string(wallet.rawValue)
                if includeTrades { json.raw(",\"trades\":[") }
                var first = true
                if includeTrades {
                    try await store.forEachTrade(of: wallet, pageSize: pageSize) { trade in
                        if !first { json.byte(UInt8(ascii: ",")) }
                        first = false
                        json.trade(trade)
                        if json.bytes.count >= chunkBytes {
                            try await writer.write(ByteBuffer(bytes: json.bytes))
                            json.bytes.removeAll(keepingCapacity: true)
                        }
                    }
                }
                if includeTrades { json.byte(UInt8(ascii: "]")) }
                json.raw(",\"summary\":")
                json.summary(try await store.summary(of: wallet))
                json.raw(",\"tokens\":[")
                first = true
                try await store.forEachToken(of: wallet) { token in
                    if !first { json.byte(UInt8(ascii: ",")) }
                    first = false
                    json.tokenSummary(token)
                    if json.bytes.count >= chunkBytes {
                        try await writer.write(ByteBuffer(bytes: json.bytes))
                        json.bytes.removeAll(keepingCapacity: true)
                    }
                }
                json.raw("]}")
                try await writer.write(ByteBuffer(bytes: json.bytes))
                try await writer.finish(nil)
            })
    }

    /// A wallet never synced waits for its first sync; one synced before is answered from the
    /// store at once while a refresh runs behind (stale-while-revalidate), so no request for it
    /// waits on the upstream, or on other wallets' syncs ahead in the queue.
    private func requireKnown(_ wallet: WalletAddress, client: ClientIdentity?) async throws {
        if let handle = try await Self.prepare(wallet, store: store, sync: sync, client: client, limiter: limiter),
            !handle.isRefresh, case .failed(let error) = await handle.outcome()
        {
            throw error
        }
    }

    /// Starts (or joins) the sync `wallet` needs when the server has an upstream; without one,
    /// a wallet the store has never seen is a 404.
    /// A new sync counts against `client`'s hourly quota.
    static func prepare(
        _ wallet: WalletAddress, store: any TradeStore, sync: SyncCoordinator?, client: ClientIdentity?,
        limiter: ClientLimiter
    ) async throws -> SyncHandle? {
        if let sync {
            return try await sync.syncIfNeeded(wallet, client: client?.limitKey ?? "") {
                client.flatMap(limiter.admitSync)
            }
        }
        guard try await store.lookup(wallet: wallet) != nil else {
            throw WalletStreamError(code: .walletNotFound, message: "no trades stored for wallet \(wallet)")
        }
        return nil
    }
}
