import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing
import WalletStreamCore
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamWire

/// The SSE contract of `GET /v4/wallet/{address}/stream`, over real loopback sockets.
@Suite(.timeLimit(.minutes(2))) struct StreamContractTests {
    static let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test func headersAndCORS() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store) { server in
            let response = try await SSEClient.read(
                server.url(seeded.streamPath()), headers: [("Origin", "https://app.example")])
            #expect(response.status == .ok)
            #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
            #expect(response.headers.first(name: "Cache-Control") == "no-cache")
            #expect(response.headers.first(name: "X-Accel-Buffering") == "no")
            #expect(response.headers.first(name: "Access-Control-Allow-Origin") == "*")
            #expect(try response.run().complete != nil)

            // Preflight of a cross-origin request that resumes with Last-Event-ID.
            var preflight = HTTPClientRequest(url: server.url(seeded.streamPath()))
            preflight.method = .OPTIONS
            preflight.headers.add(name: "Origin", value: "https://app.example")
            preflight.headers.add(name: "Access-Control-Request-Method", value: "GET")
            preflight.headers.add(name: "Access-Control-Request-Headers", value: "last-event-id")
            let answer = try await HTTPClient.shared.execute(preflight, timeout: .seconds(10))
            #expect((200..<300).contains(answer.status.code))
            #expect(answer.headers.first(name: "Access-Control-Allow-Origin") == "*")
            let allowed = (answer.headers.first(name: "Access-Control-Allow-Headers") ?? "").lowercased()
            #expect(
                allowed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains("last-event-id"))
            #expect(answer.headers.first(name: "Access-Control-Allow-Methods")?.contains("GET") == true)

            // A cross-origin client must be able to read an error too.
            let rejected = try await SSEClient.read(
                server.url(seeded.streamPath("batch_size=0")), headers: [("Origin", "https://app.example")])
            #expect(rejected.status == .badRequest)
            #expect(rejected.headers.first(name: "Access-Control-Allow-Origin") == "*")
        }
    }

    @Test(arguments: StoreBackend.allCases) func eventOrderAndSchemas(_ backend: StoreBackend) async throws {
        try await SeededStore.with(backend, demo: 23) { seeded in
            let expected = try await seeded.allTrades()
            let configuration = ServerConfiguration(retryMilliseconds: 1500)
            try await TestServer.with(store: seeded.store, configuration: configuration) { server in
                let response = try await SSEClient.read(server.url(seeded.streamPath("batch_size=5")))
                #expect(response.status == .ok)
                #expect(response.items.first == .retry(1500))
                let run = try response.run()
                #expect(run.retries == [1500])
                #expect(
                    run.names == ["connected"] + Array(repeating: "trades", count: 5) + [
                        "progress", "summary", "complete",
                    ])

                let connected = try #require(run.connected)
                #expect(connected.wallet == seeded.wallet.rawValue)
                #expect(connected.totalTrades == 23 && connected.batchSize == 5 && connected.resumedAfter == nil)
                #expect(!connected.streamID.isEmpty)

                #expect(run.batches.map(\.payload.batchNum) == [1, 2, 3, 4, 5])
                #expect(run.batches.map(\.payload.trades.count) == [5, 5, 5, 5, 3])
                #expect(run.batches.map(\.payload.totalYielded) == [5, 10, 15, 20, 23])
                #expect(run.batches.map(\.payload.hasMore) == [true, true, true, true, false])
                #expect(run.trades == expected)
                for batch in run.batches {
                    let id = try #require(batch.id)
                    #expect(id.count <= 64 && id.allSatisfy { Self.urlSafe.contains($0) })
                    let last = try #require(batch.payload.trades.last)
                    #expect(id == TradeCursor(wallet: seeded.wallet, after: last).encoded)
                }
                #expect(run.progress == [StreamProgress(percentage: 100, tradesSent: 23, totalTrades: 23)])
                #expect(run.summary == (try await seeded.store.summary(of: seeded.wallet)))
                #expect(run.complete?.tradesFound == 23)
                #expect((run.complete?.elapsedMs ?? -1) >= 0)
                #expect(run.errors.isEmpty)
            }
        }
    }

    @Test func progressAtLeastEveryTenBatches() async throws {
        let seeded = try await SeededStore.demo(count: 23)
        try await TestServer.with(store: seeded.store) { server in
            let run = try await SSEClient.read(server.url(seeded.streamPath("batch_size=1"))).run()
            #expect(run.batches.count == 23)
            var batchesSinceProgress = 0
            for name in run.names {
                if name == "trades" { batchesSinceProgress += 1 }
                if name == "progress" { batchesSinceProgress = 0 }
                #expect(batchesSinceProgress <= 10)
            }
            let percentages = run.progress.map(\.percentage)
            #expect(percentages.count >= 3)
            #expect(percentages == percentages.sorted() && Set(percentages).count == percentages.count)
            #expect(run.progress.last == StreamProgress(percentage: 100, tradesSent: 23, totalTrades: 23))
            #expect(run.progress.allSatisfy { $0.totalTrades == 23 && $0.percentage <= 100 })
        }
    }

    @Test(arguments: [
        (trades: 20, batchSize: 5, sizes: [5, 5, 5, 5]),
        (trades: 3, batchSize: 5, sizes: [3]),
        (trades: 23, batchSize: 1, sizes: Array(repeating: 1, count: 23)),
        (trades: 23, batchSize: 1000, sizes: [23]),
        (trades: 1001, batchSize: 1000, sizes: [1000, 1]),
    ])
    func batchEdges(trades: Int, batchSize: Int, sizes: [Int]) async throws {
        let seeded = try await SeededStore.demo(count: trades)
        let expected = try await seeded.allTrades()
        try await TestServer.with(store: seeded.store) { server in
            let run = try await SSEClient.read(server.url(seeded.streamPath("batch_size=\(batchSize)"))).run()
            #expect(run.batches.map(\.payload.trades.count) == sizes)
            #expect(run.batches.map(\.payload.batchNum) == Array(1...sizes.count))
            #expect(run.batches.map(\.payload.hasMore) == Array(repeating: true, count: sizes.count - 1) + [false])
            #expect(run.trades == expected)
            #expect(run.progress.last?.percentage == 100)
            #expect(run.names.suffix(2) == ["summary", "complete"])
            #expect(run.complete?.tradesFound == trades)
        }
    }

    @Test func emptyRegisteredWallet() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        try await store.register(wallet: TradeFixtures.walletA)
        try await TestServer.with(store: store) { server in
            let response = try await SSEClient.read(server.url("/v4/wallet/\(TradeFixtures.walletA)/stream"))
            #expect(response.status == .ok)
            let run = try response.run()
            #expect(run.names == ["connected", "summary", "complete"])
            #expect(run.connected?.totalTrades == 0)
            #expect(run.summary?.trades == 0 && run.summary?.wallet == TradeFixtures.walletA.rawValue)
            #expect(run.complete?.tradesFound == 0)
        }
    }

    @Test func rejectedRequests() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store) { server in
            for value in ["0", "1001", "abc", "-1", "2.5", ""] {
                let response = try await SSEClient.read(server.url(seeded.streamPath("batch_size=\(value)")))
                #expect(response.status == .badRequest, "batch_size=\(value)")
                let error = try response.error()
                #expect(error.code.rawValue == "INVALID_PARAMETER" && error.error.contains("batch_size"), "\(error)")
            }
            let badAddress = try await SSEClient.read(server.url("/v4/wallet/not-a-wallet/stream"))
            #expect(badAddress.status == .badRequest)
            #expect(try badAddress.error().code.rawValue == "INVALID_ADDRESS")
            let unknown = try await SSEClient.read(server.url("/v4/wallet/\(TradeFixtures.walletB)/stream"))
            #expect(unknown.status == .notFound)
            #expect(try unknown.error().code.rawValue == "WALLET_NOT_FOUND")
        }
    }

    @Test(arguments: StoreBackend.allCases) func resumeFromEveryBatchBoundary(_ backend: StoreBackend) async throws {
        try await SeededStore.with(backend, demo: 23) { seeded in
            try await TestServer.with(store: seeded.store) { server in
                let full = try await SSEClient.read(server.url(seeded.streamPath("batch_size=5"))).run()
                #expect(full.trades.count == 23)
                for (index, batch) in full.batches.enumerated() {
                    let id = try #require(batch.id)
                    // Alternate the header and the query parameter.
                    let response =
                        index.isMultiple(of: 2)
                        ? try await SSEClient.read(
                            server.url(seeded.streamPath("batch_size=5")), headers: [("Last-Event-ID", id)])
                        : try await SSEClient.read(server.url(seeded.streamPath("batch_size=5&last_event_id=\(id)")))
                    #expect(response.status == .ok)
                    let resumed = try response.run()
                    let delivered = (index + 1) * 5
                    #expect(resumed.connected?.resumedAfter == id)
                    #expect(resumed.connected?.totalTrades == 23)
                    #expect(resumed.trades == Array(full.trades.dropFirst(delivered)), "after batch \(index + 1)")
                    #expect(
                        resumed.batches.map(\.payload.batchNum)
                            == Array(full.batches.dropFirst(index + 1).map(\.payload.batchNum)))
                    #expect(resumed.batches.map(\.id) == full.batches.dropFirst(index + 1).map(\.id))
                    #expect(
                        resumed.batches.map(\.payload.totalYielded)
                            == full.batches.dropFirst(index + 1).map(\.payload.totalYielded))
                    #expect(resumed.summary == full.summary, "after batch \(index + 1)")
                    #expect(resumed.complete?.tradesFound == 23)
                    #expect(resumed.names.suffix(2) == ["summary", "complete"])
                    if delivered < 23 { #expect(resumed.progress.last?.percentage == 100) }
                }
            }
        }
    }

    @Test(arguments: StoreBackend.allCases) func invalidAndForeignCursors(_ backend: StoreBackend) async throws {
        try await SeededStore.with(backend, demo: 5) { seeded in
            let trade = try #require(try await seeded.allTrades().first)
            let foreign = TradeCursor(wallet: TradeFixtures.walletB, after: trade).encoded
            let tooLong = String(repeating: "A", count: 65)
            try await TestServer.with(store: seeded.store) { server in
                for cursor in ["not a cursor", "AAAA", "%%%", tooLong, foreign] {
                    let byHeader = try await SSEClient.read(
                        server.url(seeded.streamPath()), headers: [("Last-Event-ID", cursor)])
                    #expect(byHeader.status == .badRequest, "\(cursor)")
                    #expect(try byHeader.error().code.rawValue == "INVALID_CURSOR")
                    let escaped = cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor
                    let byQuery = try await SSEClient.read(server.url(seeded.streamPath("last_event_id=\(escaped)")))
                    #expect(byQuery.status == .badRequest, "\(cursor)")
                    #expect(try byQuery.error().code.rawValue == "INVALID_CURSOR")
                }
            }
        }
    }
}
