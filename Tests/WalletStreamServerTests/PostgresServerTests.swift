import AsyncHTTPClient
import Foundation
import PostgresNIO
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamPostgres
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamWire

/// The server on the PostgreSQL store: several nodes sharing one database, and a bounded pool.
@Suite(.timeLimit(.minutes(2))) struct PostgresServerTests {
    @Test func aStreamCutOnOneNodeResumesOnAnotherWithNoGapOrRepeat() async throws {
        try await TestPostgres.withDatabase { location, client in
            let nodeA = try await StoreFixtures.postgres(location, client: client)
            let seeded = try await DemoSeeder(store: nodeA, logger: StoreFixtures.logger).seed(seed: 3, count: 500)
            // Node B: its own pool and store on the same database.
            try await TestPostgres.withClient(location) { otherClient in
                let nodeB = try await StoreFixtures.postgres(location, client: otherClient)
                try await TestServer.with(store: nodeA) { serverA in
                    try await TestServer.with(store: nodeB) { serverB in
                        let path = "/v4/wallet/\(seeded.wallet.rawValue)/stream?batch_size=50"
                        let full = try await SSEClient.read(serverA.url(path)).run()
                        #expect(full.trades.count == 500)
                        for cut in [1, 4, 9] {
                            let id = try #require(full.batches[cut - 1].id)
                            let resumed = try await SSEClient.read(
                                serverB.url(path), headers: [("Last-Event-ID", id)]
                            ).run()
                            #expect(resumed.connected?.resumedAfter == id)
                            #expect(resumed.connected?.totalTrades == 500)
                            #expect(resumed.trades == Array(full.trades.dropFirst(cut * 50)), "cut after \(cut)")
                            #expect(resumed.batches.map(\.id) == full.batches.dropFirst(cut).map(\.id))
                            #expect(resumed.summary == full.summary)
                        }
                    }
                }
            }
        }
    }

    @Test func aStalledStreamHoldsNoConnectionAndAnExhaustedPoolIs503() async throws {
        try await TestPostgres.withDatabase { location, _ in
            try await TestPostgres.withClient(location, maximumConnections: 1) { client in
                let store = PostgresTradeStore(
                    client: client, location: location, connectionWait: .seconds(2),
                    logger: StoreFixtures.logger)
                try await store.migrate()
                let seeded = try await DemoSeeder(store: store, logger: StoreFixtures.logger).seed(
                    seed: 5, count: 20_000)
                try await TestServer.with(store: store) { server in
                    let summary = server.url("/v4/wallet/\(seeded.wallet.rawValue)/summary")
                    // A stream whose reader stalls, far from the wallet's end, while the pool has
                    // one connection: the stream holds none while it waits on its socket.
                    try await RawConnection.with(port: server.port, receiveBufferBytes: 4096) { connection in
                        try await connection.get("/v4/wallet/\(seeded.wallet.rawValue)/stream?batch_size=100")
                        #expect(try await connection.read(until: "event: trades"))
                        for _ in 0..<3 {
                            #expect(try await JSONEndpointTests.fetch(summary).status == .ok)
                        }
                    }

                    // Another request holds the only connection: a request waits 2 s, then 503. (The
                    // wait is long enough for the reads above on a CI machine busy with every other
                    // suite, where the stream's last page reads can hold the connection a while.)
                    let (held, holding) = AsyncStream.makeStream(of: Void.self)
                    async let holder: Void = client.withConnection { _ in
                        holding.yield()
                        try await Task.sleep(for: .seconds(8))
                    }
                    var iterator = held.makeAsyncIterator()
                    _ = await iterator.next()
                    let busy = try await JSONEndpointTests.fetch(summary)
                    #expect(busy.status == .serviceUnavailable)
                    #expect(busy.headers.first(name: "Retry-After") == "1")
                    let error = try JSONDecoder().decode(ErrorBody.self, from: busy.body)
                    #expect(error.code.rawValue == "STORE_UNAVAILABLE")
                    #expect(!error.error.contains(location.host), "internals stay in the log: \(error.error)")
                    try await holder
                    #expect(try await JSONEndpointTests.fetch(summary).status == .ok)
                }
            }
        }
    }
}
