import Foundation
import Synchronization
import Testing
import WalletStreamCore
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport

/// A following stream's live part is parked on its connection (`FollowDetour`), outside
/// Hummingbird's connection task: what every stream gets must still hold there (heartbeats,
/// shutdown, deadline, disconnects, the router's errors and limits, HTTP/1.0 framing).
@Suite(.timeLimit(.minutes(2))) struct ParkedFollowerTests {
    /// True once a following stream's history is out (its live summary arrived).
    static func isLive(_ text: String) -> Bool { text.contains("\"live\":true") }

    @Test func aParkedFollowerGetsHeartbeatsThenShuttingDownAtShutdown() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        let configuration = ServerConfiguration(heartbeat: .milliseconds(100), retryMilliseconds: 1234)
        try await TestServer.with(store: seeded.store, configuration: configuration) { server in
            let pingedWhileLive = Mutex(false)
            let reader = Task {
                try await SSEClient.read(server.url(seeded.streamPath("follow=true&batch_size=5"))) { items in
                    guard let live = items.eventNames.firstIndex(of: "summary") else { return false }
                    // Heartbeats after the live summary come from the parked follower's timer.
                    if items.suffix(from: live).filter({ $0 == .comment(" ping") }).count >= 3 {
                        pingedWhileLive.withLock { $0 = true }
                    }
                    return false
                }
            }
            try #require(try await Eventually.wait(within: .seconds(30)) { pingedWhileLive.withLock { $0 } })
            #expect(try await server.openStreams() == 1)
            await server.serviceGroup.triggerGracefulShutdown()
            let response = try await reader.value
            let run = try response.run()
            #expect(run.trades == (try await seeded.allTrades()))
            #expect(!run.names.contains("complete"))
            #expect(run.names.last == "error")
            #expect(run.errors.map(\.code.rawValue) == ["SHUTTING_DOWN"])
            #expect(response.items.suffix(2).first == .retry(1234))
        }
    }

    @Test func aParkedFollowerPastItsDeadlineGetsStreamDeadline() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        // The deadline counts from the request: on a machine too busy to send the 12-trade
        // history within it, the stream ends before its live part, so it is tried again with a
        // longer one. Every stream must end with STREAM_DEADLINE; one must get there parked.
        var reachedLive = false
        for seconds in [2, 8, 30] where !reachedLive {
            var configuration = ServerConfiguration()
            configuration.maxStreamDuration = .seconds(seconds)
            try await TestServer.with(store: seeded.store, configuration: configuration) { server in
                // The heartbeat is 15 s away: only the deadline ends this stream.
                let response = try await SSEClient.read(server.url(seeded.streamPath("follow=true"))) { _ in false }
                let run = try response.run()
                #expect(run.errors.map(\.code.rawValue) == ["STREAM_DEADLINE"])
                if run.names.contains("summary") {
                    reachedLive = true
                    #expect(run.trades == (try await seeded.allTrades()))
                }
                #expect(try await server.waitForOpenStreams(0, within: .seconds(10)) != nil)
            }
        }
        #expect(reachedLive, "no stream reached its live part before its deadline")
    }

    @Test func aFollowerThatVanishesWhileParkedIsReleased() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        try await TestServer.with(store: seeded.store) { server in
            try await RawConnection.with(port: server.port) { connection in
                try await connection.get(seeded.streamPath("follow=true"))
                #expect(try await connection.read(until: "\"live\":true"))
                // Answered past Hummingbird's connection task, the stream closes its connection
                // when it ends.
                #expect(connection.text.lowercased().contains("connection: close"))
                #expect(try await server.openStreams() == 1)
            }
            // Nothing is written to a parked follower for 15 s: only the connection's close
            // can tell the server it is gone.
            #expect(try await server.waitForOpenStreams(0, within: .seconds(10)) != nil)
        }
    }

    @Test func aFollowRequestGetsTheRoutersErrorsAndLimits() async throws {
        let seeded = try await SeededStore.demo(count: 5)
        let key = try await AuthAndLimitsTests.makeKey(
            seeded.store, name: "one-stream", limits: APIKeyLimits(maxStreams: 1))
        var configuration = ServerConfiguration()
        configuration.auth = .required
        try await TestServer.with(store: seeded.store, configuration: configuration, keys: seeded.store) { server in
            func answer(_ query: String, key: String?) async throws -> String {
                try await RawConnection.with(port: server.port) { connection in
                    try await connection.get(seeded.streamPath(query), headers: key.map { ["X-API-Key: \($0)"] } ?? [])
                    // A detoured response closes its connection: read to the end.
                    while try await connection.readOnce() != nil {}
                    return connection.text
                }
            }
            let anonymous = try await answer("follow=true", key: nil)
            #expect(anonymous.hasPrefix("HTTP/1.1 401"), "\(anonymous.prefix(200))")
            #expect(anonymous.contains("\"code\":\"UNAUTHORIZED\""))
            #expect(anonymous.lowercased().contains("x-request-id: "))
            let badBatch = try await answer("follow=true&batch_size=0", key: key)
            #expect(badBatch.hasPrefix("HTTP/1.1 400"), "\(badBatch.prefix(200))")
            #expect(badBatch.contains("\"code\":\"INVALID_PARAMETER\""))

            // The key may hold one stream: a parked follower holds it until it goes.
            try await RawConnection.with(port: server.port) { first in
                try await first.get(seeded.streamPath("follow=true"), headers: ["X-API-Key: \(key)"])
                #expect(try await first.read(until: "\"live\":true"))
                let second = try await answer("follow=true", key: key)
                #expect(second.hasPrefix("HTTP/1.1 429"), "\(second.prefix(200))")
            }
            #expect(try await server.waitForOpenStreams(0, within: .seconds(10)) != nil)
            let third = try await RawConnection.with(port: server.port) { connection in
                try await connection.get(seeded.streamPath("follow=true"), headers: ["X-API-Key: \(key)"])
                return try await connection.read(until: "\"live\":true")
            }
            #expect(third)
        }
    }

    @Test func anHTTP10FollowerIsFramedByTheConnectionsClose() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        try await TestServer.with(store: seeded.store) { server in
            try await RawConnection.with(port: server.port) { connection in
                try await connection.send("GET \(seeded.streamPath("follow=true")) HTTP/1.0\r\nHost: test\r\n\r\n")
                #expect(try await connection.read(until: "\"live\":true"))
                #expect(connection.text.hasPrefix("HTTP/1.0 200"))
                #expect(!connection.text.lowercased().contains("transfer-encoding"))
                await server.serviceGroup.triggerGracefulShutdown()
                while try await connection.readOnce() != nil {}
                #expect(connection.text.contains("SHUTTING_DOWN"))
            }
        }
    }

    @Test func aFollowRequestAfterOthersOnItsConnectionIsParkedToo() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        try await TestServer.with(store: seeded.store) { server in
            try await RawConnection.with(port: server.port) { connection in
                // Hummingbird answers the first request and keeps the connection; the follow
                // request after it is taken past its (idle) task all the same.
                try await connection.get("/health")
                #expect(try await connection.read(until: "\"status\""))
                try await connection.get(seeded.streamPath("follow=true"))
                #expect(try await connection.read(until: "\"live\":true"))
                #expect(try await server.openStreams() == 1)
                await server.serviceGroup.triggerGracefulShutdown()
                while try await connection.readOnce() != nil {}
                #expect(connection.text.contains("SHUTTING_DOWN"))
            }
        }
    }
}
