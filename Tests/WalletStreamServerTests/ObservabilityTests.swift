import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamServer
import WalletStreamTestSupport
import WalletStreamWire

/// Request ids and structured logs.
@Suite(.timeLimit(.minutes(2))) struct ObservabilityTests {
    static func get(
        _ url: String, requestID: String? = nil, timeout: TimeAmount = .seconds(30)
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        if let requestID { request.headers.add(name: "X-Request-ID", value: requestID) }
        return try await HTTPClient.shared.execute(request, timeout: timeout)
    }

    static func errorBody(_ response: HTTPClientResponse) async throws -> ErrorBody {
        let bytes = try await response.body.collect(upTo: 1 << 16)
        return try JSONDecoder().decode(ErrorBody.self, from: Data(bytes.readableBytesView))
    }

    @Test func requestIDsAreEchoedOrMadeAndReachErrorBodies() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store) { server in
            // Sent: echoed in the header and the error body.
            let sent = try await Self.get(server.url("/v4/wallet/not-an-address/summary"), requestID: "trace-42")
            #expect(sent.status == .badRequest)
            #expect(sent.headers.first(name: "X-Request-ID") == "trace-42")
            #expect(try await Self.errorBody(sent).requestID == "trace-42")
            // Not sent, or not a sane token: the server makes one, the same in header and body.
            for header in [nil, "has spaces", String(repeating: "x", count: 200)] {
                let response = try await Self.get(server.url("/v4/wallet/not-an-address/summary"), requestID: header)
                let id = try #require(response.headers.first(name: "X-Request-ID"))
                #expect(id != header && !id.isEmpty)
                #expect(try await Self.errorBody(response).requestID == id)
            }
            // Successful responses carry it too.
            let health = try await Self.get(server.url("/health"), requestID: "health-1")
            #expect(health.headers.first(name: "X-Request-ID") == "health-1")
        }
    }

    @Test func jsonLogLinesOfAStreamCarryItsRequestID() async throws {
        let seeded = try await SeededStore.demo(count: 20)
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "test") { label in
            JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        logger.logLevel = .debug
        try await TestServer.with(store: seeded.store, logger: logger) { server in
            var request = HTTPClientRequest(url: server.url(seeded.streamPath()))
            request.headers.add(name: "X-Request-ID", value: "stream-7")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 20)
        }
        struct Line: Decodable {
            var level: String
            var message: String
            var timestamp: String
            var metadata: [String: String]?
        }
        let decoded = try lines.withLock { $0 }.map { line in
            #expect(line.hasSuffix("\n") && line.dropLast().firstIndex(of: "\n") == nil)
            return try JSONDecoder().decode(Line.self, from: Data(line.utf8))
        }
        let streamLines = decoded.filter { $0.message.hasPrefix("stream ") }
        #expect(streamLines.count >= 2, "\(decoded.map(\.message))")
        for line in streamLines {
            #expect(line.metadata?["hb.request.id"] == "stream-7")
            #expect(line.metadata?["stream_id"] != nil)
            #expect(line.level == "debug")
        }
    }

    @Test func prometheusMetricsCoverRequestsStreamsTheStoreAndSyncs() async throws {
        let registry = TestMetrics.registry
        let seeded = try await SeededStore.demo(count: 250)
        try await TestServer.with(store: seeded.store, metrics: registry) { server in
            let summary = "/v4/wallet/\(seeded.wallet.rawValue)/summary"
            #expect(try await Self.get(server.url(summary)).status == .ok)
            #expect(try await Self.get(server.url("/v4/wallet/not-an-address/summary")).status == .badRequest)
            let stream = try await SSEClient.read(server.url(seeded.streamPath()))
            #expect(try stream.run().trades.count == 250)
            let page = try await Self.get(server.url("/metrics"))
            let text = String(buffer: try await page.body.collect(upTo: 1 << 22))
            #expect(text.contains("# TYPE http_requests_total counter"))
        }
        let route = "/v4/wallet/{address}/summary"
        #expect(TestMetrics.value("http_requests_total", ["route": route, "status": "200"]) ?? 0 >= 1)
        #expect(TestMetrics.value("http_requests_total", ["route": route, "status": "400"]) ?? 0 >= 1)
        #expect(TestMetrics.value("http_request_duration_seconds_count", ["route": route]) ?? 0 >= 2)
        // Addresses never become labels.
        #expect(TestMetrics.value("http_requests_total", ["route": "/v4/wallet/not-an-address/summary"]) == nil)
        #expect(TestMetrics.value("walletstream_stream_trades_total") ?? 0 >= 250)
        #expect(TestMetrics.value("walletstream_stream_bytes_total") ?? 0 >= 250 * 300)
        #expect(TestMetrics.value("walletstream_streams_ended_total", ["outcome": "finished"]) ?? 0 >= 1)
        #expect(TestMetrics.value("walletstream_stream_duration_seconds_count") ?? 0 >= 1)
        #expect(TestMetrics.value("walletstream_store_query_duration_seconds_count", ["kind": "inline_read"]) ?? 0 >= 1)
        #expect(TestMetrics.value("walletstream_open_connections") != nil)

        // A sync: upstream requests by request and status, and the sync's duration.
        try await StreamWhileSyncingTests.withSyncingServer(trades: 200, prices: true) { simulator, server, _ in
            // The summary waits for the whole sync: alone ~1 s, but twice past 30 s in CI beside
            // the other suites.
            let response = try await Self.get(
                server.url("/v4/wallet/\(simulator.demoWallet)/summary"), timeout: .seconds(100))
            #expect(response.status == .ok)
        }
        #expect(TestMetrics.value("walletstream_upstream_requests_total", ["status": "200"]) ?? 0 >= 2)
        // Every kind of upstream call is counted: listing, transactions, token names, prices.
        for request in ["getSignaturesForAddress", "transactions", "getAssetBatch", "priceHistory"] {
            #expect(
                TestMetrics.value("walletstream_upstream_requests_total", ["request": request]) ?? 0 >= 1, "\(request)")
        }
        #expect(TestMetrics.value("walletstream_sync_duration_seconds_count", ["outcome": "finished"]) ?? 0 >= 1)
    }
}
