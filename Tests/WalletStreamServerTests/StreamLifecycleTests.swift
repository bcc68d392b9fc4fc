import Foundation
import Synchronization
import Testing
import WalletStreamClient
import WalletStreamCore
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport

/// Heartbeats, disconnects, back-pressure and graceful shutdown of open streams.
@Suite(.timeLimit(.minutes(2))) struct StreamLifecycleTests {
    @Test func heartbeatOnAnIdleStream() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        let store = GatedTradeStore(seeded.store)
        store.gate.close()
        let configuration = ServerConfiguration(heartbeat: .milliseconds(100))
        try await TestServer.with(store: store, configuration: configuration) { server in
            let gate = store.gate
            let opened = Mutex(false)
            let response = try await SSEClient.read(server.url(seeded.streamPath("batch_size=5"))) { items in
                // While the store is paused: only pings after `connected`; then let it go, once.
                if items.pings >= 3, !opened.withLock({ $0 }) {
                    opened.withLock { $0 = true }
                    #expect(items.eventNames == ["connected"])
                    gate.open()
                }
                return false
            }
            let run = try response.run()
            #expect(run.comments.filter { $0 == " ping" }.count >= 3)
            #expect(run.trades == (try await seeded.allTrades()))
            #expect(run.names.last == "complete")
        }
    }

    @Test func disconnectReleasesTheProducer() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        let store = GatedTradeStore(seeded.store)
        store.gate.close()
        try await TestServer.with(store: store) { server in
            try await RawConnection.with(port: server.port) { connection in
                try await connection.get(seeded.streamPath(), headers: ["Accept: text/event-stream"])
                #expect(try await connection.read(until: "event: connected"))
                #expect(try await server.openStreams() == 1)
                #expect(store.gate.waiting == 1)
            }
            // The client is gone while the stream idles on the store and the next heartbeat is
            // 15 s away: only the connection watcher can notice. It does so within milliseconds;
            // the bound leaves room for a CI machine busy with the other tests, and stays far
            // below the heartbeat, which would otherwise be the first write to fail.
            let took = try await server.waitForOpenStreams(0, within: .seconds(5))
            let stillOpen = try await server.openStreams()
            #expect(took != nil, "open_streams stayed at \(stillOpen)")
            #expect(store.gate.waiting == 0)
        }
    }

    @Test func slowReaderThrottlesTheProducer() async throws {
        let seeded = try await SeededStore.demo(count: 50_000)
        let store = GatedTradeStore(seeded.store)
        let configuration = ServerConfiguration(storePageSize: 1000)
        let totalPages = 50
        try await TestServer.with(store: store, configuration: configuration) { server in
            try await RawConnection.with(port: server.port, receiveBufferBytes: 16 * 1024) { connection in
                try await connection.get(seeded.streamPath("batch_size=100"))
                #expect(try await connection.read(until: "event: trades"))
                connection.keepText = false
                // The reader stalls: once the bounded buffers (and the kernel's) are full, the
                // producer must stop reading the store, far from the wallet's end. Filling the
                // kernel's buffers can take seconds on a CI machine busy with other suites, so the
                // wait for a plateau is generous; where it settles is what is asserted.
                var samples = [store.pagesRead]
                let clock = ContinuousClock()
                let start = clock.now
                while clock.now - start < .seconds(40) {
                    try await Task.sleep(for: .milliseconds(250))
                    samples.append(store.pagesRead)
                    if samples.count >= 4, Set(samples.suffix(4)).count == 1 { break }
                }
                let stalled = samples.count >= 4 && Set(samples.suffix(4)).count == 1
                #expect(stalled, "pages kept being read while the client did not read: \(samples)")
                let late = store.pagesRead
                #expect(late < totalPages / 2, "read \(late) of \(totalPages) pages ahead of a stalled reader")

                // Reading again drains the stream to its end.
                var tail: [UInt8] = []
                while let buffer = try await connection.readOnce() {
                    tail = Array((tail + buffer.readableBytesView).suffix(64 * 1024))
                    if String(decoding: tail.suffix(5), as: UTF8.self) == "0\r\n\r\n" { break }
                }
                let text = String(decoding: tail, as: UTF8.self)
                #expect(text.contains("event: complete"))
                #expect(connection.bytesReceived > 10_000_000)
            }
            #expect(store.pagesRead >= totalPages)
        }
    }

    @Test func gracefulShutdownSendsShuttingDown() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        let store = GatedTradeStore(seeded.store)
        store.gate.close()
        let configuration = ServerConfiguration(retryMilliseconds: 1234)
        try await TestServer.with(store: store, configuration: configuration) { server in
            let connected = Mutex(false)
            let reader = Task {
                try await SSEClient.read(server.url(seeded.streamPath())) { items in
                    if items.eventNames == ["connected"] { connected.withLock { $0 = true } }
                    return false
                }
            }
            try #require(try await Eventually.wait(within: .seconds(10)) { connected.withLock { $0 } })
            await server.serviceGroup.triggerGracefulShutdown()
            let response = try await reader.value
            let run = try response.run()
            #expect(run.names == ["connected", "error"])
            #expect(run.errors.map(\.code.rawValue) == ["SHUTTING_DOWN"])
            #expect(run.retries == [1234, 1234])
            // `retry:` comes right before the error event.
            let tail = response.items.suffix(2)
            #expect(tail.first == .retry(1234))
        }
    }

    @Test func eventsStayWholeAcrossSmallChunksHeartbeatsAndShutdown() async throws {
        // Events far larger than a chunk, heartbeats every few milliseconds and a shutdown in the
        // middle: no heartbeat and no SHUTTING_DOWN may land inside an event.
        let seeded = try await SeededStore.demo(count: 20_000)
        let configuration = ServerConfiguration(heartbeat: .milliseconds(2), writeChunkBytes: 512)
        try await TestServer.with(store: seeded.store, configuration: configuration) { server in
            let batches = Mutex(0)
            let reader = Task {
                try await SSEClient.read(server.url(seeded.streamPath("batch_size=1000"))) { items in
                    batches.withLock { $0 = items.eventNames.filter { $0 == "trades" }.count }
                    return false
                }
            }
            try #require(try await Eventually.wait(within: .seconds(30)) { batches.withLock { $0 } >= 2 })
            await server.serviceGroup.triggerGracefulShutdown()
            let response = try await reader.value
            // Every event decodes (a heartbeat or an error inside one would break its JSON).
            let run = try response.run()
            #expect(run.batches.allSatisfy { $0.payload.trades.count == 1000 })
            let all = try await seeded.allTrades()
            #expect(run.trades == Array(all.prefix(run.trades.count)))
            if run.trades.count < all.count {
                #expect(run.errors.map(\.code.rawValue) == ["SHUTTING_DOWN"])
            }
        }
    }

    @Test func aStreamPastItsDeadlineEndsWithStreamDeadline() async throws {
        let seeded = try await SeededStore.demo(count: 12)
        let store = GatedTradeStore(seeded.store)
        store.gate.close()
        var configuration = ServerConfiguration(retryMilliseconds: 25)
        configuration.maxStreamDuration = .milliseconds(300)
        try await TestServer.with(store: store, configuration: configuration) { server in
            let response = try await SSEClient.read(server.url(seeded.streamPath()))
            let run = try response.run()
            #expect(run.names == ["connected", "error"])
            #expect(run.errors.map(\.code) == [.streamDeadline])
            #expect(response.items.suffix(2).first == .retry(25))
            store.gate.open()
        }
    }

    @Test func theClientResumesAcrossDeadlinesWithNothingLostOrRepeated() async throws {
        // More than the socket buffers hold, so the server is still sending at each deadline.
        let seeded = try await SeededStore.demo(count: 20_000)
        var configuration = ServerConfiguration(retryMilliseconds: 1)
        configuration.maxStreamDuration = .milliseconds(50)
        try await TestServer.with(store: seeded.store, configuration: configuration) { server in
            let client = WalletStreamClient(
                baseURL: server.url("/"),
                configuration: WalletStreamClientConfiguration(
                    maxReconnectAttempts: 100, initialBackoff: .milliseconds(1), maxBackoff: .milliseconds(5)))
            var trades: [Trade] = []
            let outcome = try await client.stream(wallet: seeded.wallet.rawValue, batchSize: 100) { update in
                guard case .trades(let batch, _) = update else { return }
                trades += batch
                // A slow reader: the whole wallet takes several deadlines.
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(outcome.reconnects >= 2)
            #expect(trades == (try await seeded.allTrades()))
        }
    }

    @Test func shutdownEndsWithinTheGraceWhenReadersStall() async throws {
        let seeded = try await SeededStore.demo(count: 20_000)
        let configuration = ServerConfiguration(shutdownGrace: .seconds(1))
        let clock = ContinuousClock()
        try await withThrowingTaskGroup(of: Void.self) { holders in
            var shutdownStarted = clock.now
            try await TestServer.with(store: seeded.store, configuration: configuration) { server in
                // Three readers take the first event, then stop reading with the connection open.
                for _ in 0..<3 {
                    holders.addTask {
                        try await RawConnection.with(port: server.port, receiveBufferBytes: 4096) { connection in
                            try await connection.get(seeded.streamPath("batch_size=100"))
                            _ = try await connection.read(until: "event: trades")
                            try? await Task.sleep(for: .seconds(60))
                        }
                    }
                }
                let open = try await server.waitForOpenStreams(3, within: .seconds(20))
                try #require(open != nil)
                // Let the server fill the socket buffers, so that the writers are really stuck.
                try await Task.sleep(for: .milliseconds(500))
                shutdownStarted = clock.now
                await server.serviceGroup.triggerGracefulShutdown()
            }
            let elapsed = clock.now - shutdownStarted
            // Bounded, not tight: the point is that it ends (the old build was still up after
            // 60 s), and sanitizer builds or a busy CI machine stretch the 1 s grace.
            #expect(elapsed < .seconds(15), "shutdown took \(elapsed) with a 1 s grace")
            holders.cancelAll()
        }
    }
}
