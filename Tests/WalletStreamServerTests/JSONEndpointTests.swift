import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamWire

/// The JSON endpoints agree with the stream, and the real CSV streams whole.
@Suite(.timeLimit(.minutes(2))) struct JSONEndpointTests {
    struct TradesPage: Decodable {
        var trades: [Trade]
        var next_cursor: String?
    }

    struct Analysis: Decodable {
        var wallet: String
        var trades: [Trade]?
        var summary: WalletSummary
        var tokens: [TokenSummary]
    }

    struct TokensPage: Decodable {
        var tokens: [TokenSummary]
        var next_cursor: String?
    }

    /// Every page of `/tokens?sort=` following `next_cursor`.
    static func allTokens(_ base: String, sort: String, limit: Int) async throws -> [TokenSummary] {
        var tokens: [TokenSummary] = []
        var cursor: String?
        for _ in 0..<1000 {
            let query = "limit=\(limit)&sort=\(sort)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let answer = try await fetch(base + "/tokens?" + query)
            #expect(answer.status == .ok)
            let page = try JSONDecoder().decode(TokensPage.self, from: answer.body)
            #expect(page.tokens.count <= limit)
            tokens += page.tokens
            guard let next = page.next_cursor else { break }
            cursor = next
        }
        return tokens
    }

    static func fetch(
        _ url: String, method: HTTPMethod = .GET, body: String? = nil
    ) async throws -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: Data) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (response.status, response.headers, Data(bytes.readableBytesView))
    }

    @Test(arguments: StoreBackend.allCases) func endpointsEqualTheStream(_ backend: StoreBackend) async throws {
        try await SeededStore.with(backend, demo: 250) { seeded in
            let decoder = JSONDecoder()
            try await TestServer.with(store: seeded.store) { server in
                let run = try await SSEClient.read(server.url(seeded.streamPath("batch_size=40"))).run()
                #expect(run.trades.count == 250)
                let base = server.url("/v4/wallet/\(seeded.wallet.rawValue)")

                // Every page of /trades, following next_cursor.
                var listed: [Trade] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let query = "limit=7" + (cursor.map { "&cursor=\($0)" } ?? "")
                    let answer = try await Self.fetch(base + "/trades?" + query)
                    #expect(answer.status == .ok)
                    #expect(answer.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
                    let page = try decoder.decode(TradesPage.self, from: answer.body)
                    listed += page.trades
                    cursor = page.next_cursor
                    pages += 1
                } while cursor != nil && pages < 100
                #expect(listed == run.trades)

                let descending = try decoder.decode(
                    TradesPage.self, from: try await Self.fetch(base + "/trades?limit=1000&order=desc").body)
                #expect(descending.trades == run.trades.reversed())
                #expect(descending.next_cursor == nil)

                let summary = try decoder.decode(WalletSummary.self, from: try await Self.fetch(base + "/summary").body)
                #expect(summary == run.summary)

                let analyze = try await Self.fetch(
                    server.url("/v4/analyze"), method: .POST,
                    body: #"{"wallet": "\#(seeded.wallet.rawValue)", "include_trades": true}"#)
                #expect(analyze.status == .ok)
                let analysis = try decoder.decode(Analysis.self, from: analyze.body)
                #expect(analysis.wallet == seeded.wallet.rawValue)
                #expect(analysis.trades == run.trades)
                #expect(analysis.summary == run.summary)

                let withoutTrades = try decoder.decode(
                    Analysis.self,
                    from: try await Self.fetch(
                        server.url("/v4/analyze"), method: .POST,
                        body: #"{"wallet": "\#(seeded.wallet.rawValue)", "include_trades": false}"#
                    ).body)
                #expect(withoutTrades.trades == nil && withoutTrades.summary == run.summary)

                // The whole token table, paged in each order, equals a replay of the streamed trades.
                var engine = PnLEngine(wallet: seeded.wallet)
                for trade in run.trades { engine.consume(trade) }
                let ranked = engine.tokenSummaries()
                #expect(ranked.count > 20)
                #expect(summary == engine.summary())
                #expect(try await Self.allTokens(base, sort: "pnl_desc", limit: 7) == ranked)
                #expect(try await Self.allTokens(base, sort: "pnl_asc", limit: 1000) == ranked.reversed())
                let byMint = ranked.sorted { $0.mint.utf8.lexicographicallyPrecedes($1.mint.utf8) }
                #expect(try await Self.allTokens(base, sort: "mint", limit: 13) == byMint)
                #expect(analysis.tokens == ranked && withoutTrades.tokens == ranked)

                // A cursor works only with the wallet and sort it was issued for.
                let first = try JSONDecoder().decode(
                    TokensPage.self, from: try await Self.fetch(base + "/tokens?limit=2&sort=mint").body)
                let tokenCursor = try #require(first.next_cursor)
                for (query, code) in [
                    ("sort=pnl_desc&cursor=\(tokenCursor)", "INVALID_CURSOR"),
                    ("cursor=\(tokenCursor.dropLast(9))", "INVALID_CURSOR"),
                    ("sort=best", "INVALID_PARAMETER"), ("limit=1001", "INVALID_PARAMETER"),
                ] {
                    let answer = try await Self.fetch(base + "/tokens?" + query)
                    #expect(answer.status == .badRequest, "\(query)")
                    #expect(
                        try JSONDecoder().decode(ErrorBody.self, from: answer.body).code.rawValue == code, "\(query)")
                }
            }
        }
    }

    @Test func serviceEndpointsAndErrors() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store) { server in
            let health = try await Self.fetch(server.url("/health"))
            #expect(health.status == .ok)
            let object = try JSONSerialization.jsonObject(with: health.body) as? [String: Any]
            #expect(object?["status"] as? String == "ok")
            #expect(object?["store"] as? String == "ok")
            #expect(object?["open_streams"] as? Int == 0)

            let index = try await Self.fetch(server.url("/"))
            #expect(index.status == .ok)
            #expect(index.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)

            let cases: [(String, HTTPMethod, String?, HTTPResponseStatus, String)] = [
                ("/no/such/route", .GET, nil, .notFound, "NOT_FOUND"),
                ("/v4/wallet/\(seeded.wallet.rawValue)/trades?limit=0", .GET, nil, .badRequest, "INVALID_PARAMETER"),
                ("/v4/wallet/\(seeded.wallet.rawValue)/trades?order=up", .GET, nil, .badRequest, "INVALID_PARAMETER"),
                ("/v4/wallet/\(seeded.wallet.rawValue)/trades?cursor=xyz", .GET, nil, .badRequest, "INVALID_CURSOR"),
                ("/v4/wallet/abc/summary", .GET, nil, .badRequest, "INVALID_ADDRESS"),
                ("/v4/wallet/\(TradeFixtures.walletB.rawValue)/summary", .GET, nil, .notFound, "WALLET_NOT_FOUND"),
                ("/v4/wallet/\(TradeFixtures.walletB.rawValue)/tokens", .GET, nil, .notFound, "WALLET_NOT_FOUND"),
                ("/v4/analyze", .POST, "{", .badRequest, "INVALID_PARAMETER"),
                (
                    "/v4/analyze", .POST, #"{"wallet": "\#(TradeFixtures.walletB.rawValue)"}"#, .notFound,
                    "WALLET_NOT_FOUND"
                ),
            ]
            for (path, method, body, status, code) in cases {
                let answer = try await Self.fetch(server.url(path), method: method, body: body)
                #expect(answer.status == status, "\(method) \(path)")
                #expect(answer.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
                let error = try JSONDecoder().decode(ErrorBody.self, from: answer.body)
                #expect(error.code.rawValue == code, "\(method) \(path): \(error)")
                #expect(!error.error.isEmpty)
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func realCSVStreamsWhole(_ backend: StoreBackend) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let report = try await CSVImporter(store: store, logger: StoreFixtures.logger).importFile(
                at: SharedData.walletCSV)
            #expect(report.tradesStored == 6_483)
            let wallet = TradeFixtures.realWallet
            let expectedSummary = try await store.summary(of: wallet)
            try await TestServer.with(store: store) { server in
                let run = try await SSEClient.read(server.url("/v4/wallet/\(wallet.rawValue)/stream?batch_size=500"))
                    .run()
                #expect(run.connected?.totalTrades == 6_483)
                #expect(run.trades.count == 6_483)
                #expect(Set(run.trades.map { "\($0.signature)#\($0.leg)" }).count == 6_483)
                #expect(run.batches.count == 13 && run.batches.last?.payload.hasMore == false)
                #expect(run.summary == expectedSummary)
                #expect(run.summary?.trades == 6_483)
                #expect(run.complete?.tradesFound == 6_483)
                #expect(run.progress.last?.percentage == 100)
            }
        }
    }
}
