import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WalletStreamCore
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamWire

/// Methods, bodies and cursors as a hostile-but-legal client sends them.
@Suite(.timeLimit(.minutes(2))) struct HTTPHardeningTests {
    static func fetch(
        _ url: String, method: HTTPMethod = .GET, contentType: String? = nil, body: ByteBuffer? = nil
    ) async throws -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: Data) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(body) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (response.status, response.headers, Data(bytes.readableBytesView))
    }

    static func code(_ body: Data) throws -> String {
        try JSONDecoder().decode(ErrorBody.self, from: body).code.rawValue
    }

    @Test func wrongMethodsGet405WithAllowAndHeadWorksOnEveryGet() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store) { server in
            let wallet = seeded.wallet.rawValue
            for (path, method, allow) in [
                ("/health", HTTPMethod.DELETE, "GET, HEAD, OPTIONS"),
                ("/v4/wallet/\(wallet)/trades", .POST, "GET, HEAD, OPTIONS"),
                ("/v4/analyze", .GET, "POST, OPTIONS"),
                ("/v4/wallet/\(wallet)/stream", .PUT, "GET, HEAD, OPTIONS"),
            ] {
                let answer = try await Self.fetch(server.url(path), method: method)
                #expect(answer.status == .methodNotAllowed, "\(method) \(path)")
                #expect(answer.headers.first(name: "Allow") == allow, "\(method) \(path)")
                #expect(try Self.code(answer.body) == "METHOD_NOT_ALLOWED")
            }
            // An unknown path stays a 404.
            #expect(try await Self.fetch(server.url("/v4/nothing"), method: .DELETE).status == .notFound)

            for path in ["/", "/health", "/v4/wallets", "/v4/wallet/\(wallet)/trades", "/v4/wallet/\(wallet)/summary"] {
                let get = try await Self.fetch(server.url(path))
                let head = try await Self.fetch(server.url(path), method: .HEAD)
                #expect(head.status == get.status, "HEAD \(path)")
                #expect(head.headers.first(name: "Content-Type") == get.headers.first(name: "Content-Type"))
                #expect(head.body.isEmpty && !get.body.isEmpty, "HEAD \(path)")
            }
            let head = try await Self.fetch(server.url("/v4/wallet/\(wallet)/stream"), method: .HEAD)
            #expect(head.status == .ok)
            #expect(head.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
            #expect(try await server.openStreams() == 0)
        }
    }

    @Test func oversizedAndNonJSONBodiesAreRefused() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 1024
        try await TestServer.with(store: seeded.store, configuration: configuration) { server in
            let valid = #"{"wallet": "\#(seeded.wallet.rawValue)"}"#
            let ok = try await Self.fetch(
                server.url("/v4/analyze"), method: .POST, contentType: "application/json; charset=utf-8",
                body: ByteBuffer(string: valid))
            #expect(ok.status == .ok)

            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: 64 * 1024)
            let tooLarge = try await Self.fetch(
                server.url("/v4/analyze"), method: .POST, contentType: "application/json", body: big)
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(tooLarge.headers.first(name: "Connection") == "close")
            #expect(try Self.code(tooLarge.body) == "PAYLOAD_TOO_LARGE")

            let text = try await Self.fetch(
                server.url("/v4/analyze"), method: .POST, contentType: "text/plain", body: ByteBuffer(string: valid))
            #expect(text.status == .unsupportedMediaType)
            #expect(try Self.code(text.body) == "UNSUPPORTED_MEDIA_TYPE")

            // The server is still there for the next client.
            #expect(try await Self.fetch(server.url("/health")).status == .ok)
        }
    }

    @Test func oversizedChunkedBodyIsCutOffAndTheConnectionClosed() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 1024
        try await TestServer.with(store: seeded.store, configuration: configuration) { server in
            try await RawConnection.with(port: server.port) { connection in
                // A chunked body that never ends: the server must answer once it passes the limit.
                let head = [
                    "POST /v4/analyze HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
                    "Transfer-Encoding: chunked",
                ]
                try await connection.send(head.joined(separator: "\r\n") + "\r\n\r\n")
                let chunk = String(repeating: " ", count: 512)
                for _ in 0..<4 { try await connection.send("200\r\n\(chunk)\r\n") }
                #expect(try await connection.read(until: "PAYLOAD_TOO_LARGE"))
                #expect(connection.text.hasPrefix("HTTP/1.1 413"))
                // Then the server closes: reading reaches the end of the stream.
                while try await connection.readOnce() != nil {}
            }
        }
    }

    /// A server whose timeouts are all long except `short`. Its 1.5 s leave room for a CI machine
    /// busy with other tests between a test's connect and its first write.
    static func timeouts(short: WritableKeyPath<ServerConfiguration, Duration>) -> ServerConfiguration {
        var configuration = ServerConfiguration(heartbeat: .milliseconds(100))
        configuration.idleTimeout = .seconds(60)
        configuration.headerTimeout = .seconds(60)
        configuration.bodyTimeout = .seconds(60)
        configuration[keyPath: short] = .milliseconds(1500)
        return configuration
    }

    @Test func slowHeadersAreCutByTheHeaderTimeout() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store, configuration: Self.timeouts(short: \.headerTimeout)) { server in
            // Headers that never end (slowloris): closed without an answer, long before the idle timeout.
            try await RawConnection.with(port: server.port) { connection in
                try await connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n")
                while try await connection.readOnce() != nil {}
                #expect(connection.text.isEmpty)
            }
        }
    }

    @Test func idleConnectionsAreCutByTheIdleTimeout() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store, configuration: Self.timeouts(short: \.idleTimeout)) { server in
            // Idle keep-alive after a response: closed.
            try await RawConnection.with(port: server.port) { connection in
                try await connection.get("/health")
                #expect(try await connection.read(until: "\"ok\""))
                while try await connection.readOnce() != nil {}
                #expect(connection.text.hasPrefix("HTTP/1.1 200"))
            }
            // Connected and silent: closed too.
            try await RawConnection.with(port: server.port) { connection in
                while try await connection.readOnce() != nil {}
                #expect(connection.text.isEmpty)
            }
        }
    }

    @Test func aBodyThatStopsIsCutByTheBodyTimeout() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store, configuration: Self.timeouts(short: \.bodyTimeout)) { server in
            try await RawConnection.with(port: server.port) { connection in
                let head = [
                    "POST /v4/analyze HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
                    "Content-Length: 100",
                ]
                try await connection.send(head.joined(separator: "\r\n") + "\r\n\r\n{\"wallet\":")
                while try await connection.readOnce() != nil {}
                #expect(!connection.text.contains("200 OK"))
            }
        }
    }

    @Test func openStreamsOutliveEveryTimeout() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        let store = GatedTradeStore(seeded.store)
        var configuration = ServerConfiguration(heartbeat: .milliseconds(100))
        configuration.idleTimeout = .seconds(1)
        configuration.headerTimeout = .seconds(1)
        configuration.bodyTimeout = .seconds(1)
        try await TestServer.with(store: store, configuration: configuration) { server in
            // A stream idling on the store for several timeouts stays open on its heartbeats, then
            // completes.
            store.gate.close()
            try await RawConnection.with(port: server.port) { connection in
                try await connection.get(seeded.streamPath(), headers: ["Accept: text/event-stream"])
                #expect(try await connection.read(until: "event: connected"))
                try await Task.sleep(for: .seconds(3))
                #expect(try await server.openStreams() == 1)
                store.gate.open()
                #expect(try await connection.read(until: "event: complete"))
            }
        }
    }

    @Test func atTheConnectionCapTheLongestIdleGoesAndBusyOnesStay() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        let store = GatedTradeStore(seeded.store)
        var configuration = ServerConfiguration()
        configuration.maxConnections = 3
        try await TestServer.with(store: store, configuration: configuration) { server in
            let port = server.port
            // Three connections that never send a byte fill the cap; /health still answers, and
            // the connection idle the longest is the one closed for it.
            try await RawConnection.with(port: port) { first in
                try await Task.sleep(for: .milliseconds(100))
                try await RawConnection.with(port: port) { second in
                    try await RawConnection.with(port: port) { third in
                        try await Task.sleep(for: .milliseconds(200))
                        let health = try await Self.fetch(server.url("/health"))
                        #expect(health.status == .ok)
                        let body = try JSONSerialization.jsonObject(with: health.body) as? [String: Any]
                        #expect(body?["max_connections"] as? Int == 3)
                        while try await first.readOnce() != nil {}
                        #expect(first.text.isEmpty)
                        // The others were not touched: they can still make requests.
                        try await third.get("/health")
                        #expect(try await third.read(until: "\"ok\""))
                        _ = second
                    }
                }
            }
            // Three streams idling on the store are busy: a fourth connection is closed unanswered.
            store.gate.close()
            try await RawConnection.with(port: port) { a in
                try await RawConnection.with(port: port) { b in
                    try await RawConnection.with(port: port) { c in
                        for stream in [a, b, c] {
                            try await stream.get(seeded.streamPath(), headers: ["Accept: text/event-stream"])
                            #expect(try await stream.read(until: "event: connected"))
                        }
                        try await RawConnection.with(port: port) { refused in
                            try? await refused.get("/health")
                            while (try? await refused.readOnce()) ?? nil != nil {}
                            #expect(refused.text.isEmpty)
                        }
                        store.gate.open()
                        for stream in [a, b, c] { #expect(try await stream.read(until: "event: complete")) }
                    }
                }
            }
        }
    }

    @Test func requestsTheParserRejectsGetTheJSONErrorAndAClose() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        try await TestServer.with(store: seeded.store) { server in
            let cases = [
                ("GET /v4/wal\u{01}lets HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "400", "MALFORMED_REQUEST"),
                (
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "a", count: 1 << 20))\r\n\r\n",
                    "431", "HEADERS_TOO_LARGE"
                ),
            ]
            for (request, status, code) in cases {
                try await RawConnection.with(port: server.port) { connection in
                    try? await connection.send(request)
                    while (try? await connection.readOnce()) ?? nil != nil {}
                    #expect(connection.text.hasPrefix("HTTP/1.1 \(status)"), "\(connection.text.prefix(200))")
                    #expect(connection.text.contains("application/json"))
                    let body = connection.text.components(separatedBy: "\r\n\r\n").last ?? ""
                    let decoded = try Self.code(Data(body.utf8))
                    #expect(decoded == code)
                }
            }
            #expect(try await Self.fetch(server.url("/health")).status == .ok)
        }
    }

    @Test func http10ClientsGetCloseDelimitedResponses() async throws {
        let seeded = try await SeededStore.demo(count: 30)
        try await TestServer.with(store: seeded.store) { server in
            for path in [seeded.streamPath("batch_size=7"), "/health"] {
                try await RawConnection.with(port: server.port) { connection in
                    try await connection.send("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    // The server ends the response by closing the connection.
                    while try await connection.readOnce() != nil {}
                    let (head, body) = try #require(connection.text.split(separator: "\r\n\r\n", maxSplits: 1).pair)
                    #expect(head.hasPrefix("HTTP/1.0 200"))
                    #expect(!head.lowercased().contains("transfer-encoding"))
                    #expect(head.lowercased().contains("connection: close"))
                    if path == "/health" {
                        #expect(body.contains("\"ok\""))
                    } else {
                        // Unchunked: the SSE text itself, from `retry:` to the `complete` event.
                        #expect(body.hasPrefix("retry: "))
                        #expect(body.hasSuffix("\n\n") && body.contains("event: complete"))
                    }
                }
            }
        }
    }

    @Test func cutOrAlteredCursorsAreRejected() async throws {
        let seeded = try await SeededStore.demo(count: 30)
        try await TestServer.with(store: seeded.store) { server in
            let base = server.url("/v4/wallet/\(seeded.wallet.rawValue)")
            let first = try await Self.fetch(base + "/trades?limit=5")
            let page = try JSONDecoder().decode(JSONEndpointTests.TradesPage.self, from: first.body)
            let cursor = try #require(page.next_cursor)
            #expect(try await Self.fetch(base + "/trades?limit=5&cursor=\(cursor)").status == .ok)
            var altered = Array(cursor)
            altered[altered.count / 2] = altered[altered.count / 2] == "A" ? "B" : "A"
            for bad in [String(cursor.prefix(cursor.count / 2)), String(cursor.dropLast()), String(altered)] {
                let answer = try await Self.fetch(base + "/trades?limit=5&cursor=\(bad)")
                #expect(answer.status == .badRequest, "\(bad)")
                #expect(try Self.code(answer.body) == "INVALID_CURSOR")
            }
        }
    }
}

extension Array where Element == Substring {
    /// The two elements of a two-element split.
    fileprivate var pair: (Substring, Substring)? { count == 2 ? (self[0], self[1]) : nil }
}
