import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
import WalletStreamClient
import WalletStreamCore
import WalletStreamIngest
import WalletStreamPostgres
import WalletStreamServer
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamWire

/// `?follow=true`: the history, a live summary, then new trades as webhooks deliver them or
/// polls find them, over real sockets, with the upstream simulator as the chain.
@Suite(.timeLimit(.minutes(3))) struct LiveFollowTests {
    typealias Ledger = StreamWhileSyncingTests.Ledger
    static let secret = "follow-test-secret"
    /// Transactions on chain when a test starts (of ~350 in a 300-trade history).
    static let visible = 200

    static func configuration(
        followInterval: Duration? = nil, maxLag: Int = 10_000, maxBody: Int = 1 << 20
    ) -> ServerConfiguration {
        ServerConfiguration(
            heartbeat: .milliseconds(500), followInterval: followInterval, followMaxLag: maxLag,
            liveSummaryInterval: .milliseconds(200), webhookSecret: secret, webhookMaxBodyBytes: maxBody)
    }

    /// A server syncing the simulator's demo wallet, of which only the first
    /// ``visible`` transactions are on chain yet.
    static func withServer<T: Sendable>(
        _ configuration: ServerConfiguration = Self.configuration(),
        _ body: @Sendable (UpstreamSimulator, RunningServer, SQLiteTradeStore) async throws -> T
    ) async throws -> T {
        try await StreamWhileSyncingTests.withSyncingServer(
            trades: 300, latency: .milliseconds(2), serverConfiguration: configuration
        ) { simulator, server, store in
            simulator.visibleTransactions = visible
            return try await body(simulator, server, store)
        }
    }

    /// Reads a stream in the background, keeping what arrived where the test can look.
    final class Reader: Sendable {
        /// What arrived, each event decoded once as it came: decoding everything again for each
        /// buffer made this client, not the server, the slow reader of a long history.
        final class Seen: Sendable {
            struct State {
                var items: [SSEItem] = []
                var run = StreamRun()
                var failure: String?
            }

            let state = Mutex(State())

            /// Takes every item so far; returns what they decode to, nil if one did not decode.
            func update(_ items: [SSEItem]) -> StreamRun? {
                state.withLock { state in
                    guard state.failure == nil else { return nil }
                    do {
                        try state.run.add(items[state.items.count...])
                    } catch {
                        state.failure = "\(error)"
                        return nil
                    }
                    state.items = items
                    return state.run
                }
            }
        }

        struct Undecodable: Error {
            var why: String
        }

        let seen = Seen()
        let task: Task<SSEResponse, any Error>

        init(_ url: String, headers: [(String, String)] = [], until: @escaping @Sendable (StreamRun) -> Bool) {
            let box = seen
            task = Task {
                try await SSEClient.read(url, headers: headers, timeout: .seconds(120)) { items in
                    box.update(items).map(until) ?? false
                }
            }
        }

        var run: StreamRun {
            get throws {
                try seen.state.withLock { state in
                    if let why = state.failure { throw Undecodable(why: why) }
                    return state.run
                }
            }
        }

        /// Waits until what arrived satisfies `condition`.
        func wait(
            _ what: String, within limit: Duration = .seconds(30), _ condition: @escaping (StreamRun) -> Bool
        ) async throws {
            let reached = try await Eventually.wait(within: limit, every: .milliseconds(20)) {
                (try? self.run).map(condition) ?? false
            }
            #expect(
                reached,
                "timed out waiting for \(what); events so far: \(Self.outline(seen.state.withLock { $0.items }))")
            if !reached { throw CancellationError() }
        }

        /// The names of the events in `items`, runs of one name counted: what a failed wait saw.
        static func outline(_ items: [SSEItem]) -> String {
            var runs: [(name: String, count: Int)] = []
            for name in items.eventNames {
                if runs.last?.name == name { runs[runs.count - 1].count += 1 } else { runs.append((name, 1)) }
            }
            return runs.map { $0.count == 1 ? $0.name : "\($0.name) ×\($0.count)" }.joined(separator: ", ")
        }

        func finish() async throws -> StreamRun {
            try await task.value.run()
        }
    }

    static func isLive(_ run: StreamRun) -> Bool { run.summaries.contains { $0.live } }

    /// POSTs a delivery to the webhook; returns the status and the body.
    static func deliver(
        _ body: [UInt8], to server: RunningServer, secret: String? = Self.secret
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: server.url("/v4/webhooks/helius"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let secret { request.headers.add(name: "Authorization", value: secret) }
        request.body = .bytes(ByteBuffer(bytes: body))
        // Generous: beside the other live-follow suites on a busy CI machine a delivery has
        // taken over 30 s (the LAGGING test, on this session's code and the one before).
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(100))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return (Int(response.status.code), text)
    }

    /// Trade-bearing transactions after those on chain, to deliver as new.
    static func upcoming(_ simulator: UpstreamSimulator, count: Int) -> [Int] {
        Array(simulator.tradeTransactions(wallet: simulator.demoWallet, in: visible..<(visible + 60)).prefix(count))
    }

    /// The trades the simulator's history holds in its first `transactions` transactions.
    static func expected(_ simulator: UpstreamSimulator, through transactions: Int) -> [Trade] {
        let stored = simulator.tradeTransactions(wallet: simulator.demoWallet, in: 0..<transactions).count
        var count = 0
        var trades: [Trade] = []
        var lastSignature = ""
        for trade in simulator.expectedTrades(wallet: simulator.demoWallet) {
            if trade.signature != lastSignature {
                count += 1
                lastSignature = trade.signature
            }
            guard count <= stored else { break }
            trades.append(trade)
        }
        return trades
    }

    @Test func historyThenALiveSummaryThenDeliveredTradesWithContinuingIDs() async throws {
        try await Self.withServer { simulator, server, store in
            let wallet = simulator.demoWallet
            let history = Self.expected(simulator, through: Self.visible)
            let upcoming = Self.upcoming(simulator, count: 3)
            let all = Self.expected(simulator, through: upcoming[2] + 1)
            let reader = Reader(server.url("/v4/wallet/\(wallet)/stream?follow=true&batch_size=50")) {
                $0.trades.count >= all.count && $0.summaries.last?.summary.trades == all.count
            }
            try await reader.wait("the live summary", Self.isLive)
            let live = try reader.run
            #expect(live.trades.map(Ledger.init) == history.map(Ledger.init))
            #expect(live.complete == nil, "a following stream has no complete event")
            #expect(live.summaries.last?.live == true && live.summaries.last?.summary.trades == history.count)

            let answer = try await Self.deliver(
                simulator.webhookDelivery(wallet: wallet, indices: upcoming), to: server)
            #expect(answer.status == 200, "\(answer.body)")
            // Pushed, not polled: polling is off here (`bench follow` measures how fast).
            try await reader.wait("the delivered trades", within: .seconds(60)) { $0.trades.count == all.count }
            let run = try await reader.finish()
            #expect(run.trades.map(Ledger.init) == all.map(Ledger.init))
            let ids = run.batches.compactMap(\.id)
            #expect(ids.count == run.batches.count && Set(ids).count == ids.count, "every batch has its own id")
            #expect(run.summaries.last?.live == true && run.summaries.last?.summary.trades == all.count)
            #expect(run.complete == nil)
            #expect(try await store.count(wallet: WalletAddress(validating: wallet)) == all.count)
        }
    }

    @Test func reconnectingWithTheLastIDGetsEveryMissedTradeExactlyOnce() async throws {
        try await Self.withServer { simulator, server, _ in
            let wallet = simulator.demoWallet
            let url = server.url("/v4/wallet/\(wallet)/stream?follow=true&batch_size=40")
            let first = Reader(url, until: Self.isLive)
            let before = try await first.finish()
            let lastID = try #require(before.batches.last?.id)
            // Two deliveries while the follower is away.
            let upcoming = Self.upcoming(simulator, count: 4)
            for part in [Array(upcoming.prefix(2)), Array(upcoming.suffix(2))] {
                let answer = try await Self.deliver(
                    simulator.webhookDelivery(wallet: wallet, indices: part), to: server)
                #expect(answer.status == 200, "\(answer.body)")
            }
            let all = Self.expected(simulator, through: upcoming[3] + 1)
            let missed = Array(all[before.trades.count...])
            let second = Reader(url, headers: [("Last-Event-ID", lastID)], until: Self.isLive)
            let after = try await second.finish()
            #expect(after.connected?.resumedAfter == lastID)
            #expect(after.trades.map(Ledger.init) == missed.map(Ledger.init))
            #expect((before.trades + after.trades).map(Ledger.init) == all.map(Ledger.init))
            #expect(after.summaries.last?.summary.trades == all.count)
        }
    }

    @Test func aLateDeliveryIsACorrectionNeverATradeInThePast() async throws {
        try await Self.withServer { simulator, server, store in
            let wallet = simulator.demoWallet
            let upcoming = Self.upcoming(simulator, count: 3)
            let newest = Self.expected(simulator, through: upcoming[2] + 1)
            let history = Self.expected(simulator, through: Self.visible)
            let lateTrades = Array(Self.expected(simulator, through: upcoming[1] + 1)[history.count...])
            let reader = Reader(server.url("/v4/wallet/\(wallet)/stream?follow=true")) { $0.corrections.count > 0 }
            try await reader.wait("the live summary", Self.isLive)
            #expect(try reader.run.trades.count == history.count)
            // The newest first, then the two before it: they belong before a trade already sent.
            _ = try await Self.deliver(simulator.webhookDelivery(wallet: wallet, indices: [upcoming[2]]), to: server)
            try await reader.wait("the newest trade") { $0.trades.count > history.count }
            let answer = try await Self.deliver(
                simulator.webhookDelivery(wallet: wallet, indices: Array(upcoming.prefix(2))), to: server)
            #expect(answer.status == 200, "\(answer.body)")
            let run = try await reader.finish()
            let corrected = run.corrections.flatMap(\.trades)
            #expect(corrected.map(Ledger.init) == lateTrades.map(Ledger.init))
            // Sent as trades: the history and the newest delivery only, never the late ones.
            #expect(run.trades.count == newest.count - lateTrades.count)
            #expect(Set(run.trades.map(Ledger.init)).isDisjoint(with: corrected.map(Ledger.init)))
            // Stored in the total order, where a new stream finds them.
            let stored = try await SeededStore(
                directory: nil, store: store, wallet: WalletAddress(validating: wallet)
            ).allTrades()
            #expect(stored.map(Ledger.init) == newest.map(Ledger.init))
        }
    }

    @Test func aLateDeliveryWhileAwayReachesTheReconnectAsACorrectionExactlyOnce() async throws {
        try await Self.withServer { simulator, server, _ in
            let wallet = simulator.demoWallet
            let upcoming = Self.upcoming(simulator, count: 3)
            let history = Self.expected(simulator, through: Self.visible)
            let all = Self.expected(simulator, through: upcoming[2] + 1)
            let lateTrades = Array(Self.expected(simulator, through: upcoming[1] + 1)[history.count...])
            let url = server.url("/v4/wallet/\(wallet)/stream?follow=true&batch_size=40")
            let first = Reader(url) { $0.trades.count > history.count }
            try await first.wait("the live summary", Self.isLive)
            let newest = try await Self.deliver(
                simulator.webhookDelivery(wallet: wallet, indices: [upcoming[2]]), to: server)
            #expect(newest.status == 200, "\(newest.body)")
            let before = try await first.finish()
            #expect(
                before.trades.map(Ledger.init)
                    == (history + all.suffix(all.count - history.count - lateTrades.count)).map(Ledger.init))
            let lastID = try #require(before.lastID)
            // While the follower is away, trades that belong before the newest it was sent.
            let late = try await Self.deliver(
                simulator.webhookDelivery(wallet: wallet, indices: Array(upcoming.prefix(2))), to: server)
            #expect(late.status == 200, "\(late.body)")
            let second = Reader(url, headers: [("Last-Event-ID", lastID)], until: Self.isLive)
            let after = try await second.finish()
            #expect(after.corrections.flatMap(\.trades).map(Ledger.init) == lateTrades.map(Ledger.init))
            #expect(after.trades.isEmpty, "nothing is new after the id; the late trades are corrections")
            #expect(after.summaries.last?.summary.trades == all.count)
            // Exactly once: a reconnect with the id of the correction is not told again.
            let correctionID = try #require(after.lastID)
            #expect(correctionID != lastID)
            let third = Reader(url, headers: [("Last-Event-ID", correctionID)], until: Self.isLive)
            let again = try await third.finish()
            #expect(again.corrections.isEmpty && again.trades.isEmpty)
            #expect(again.summaries.last?.summary.trades == all.count)
            // A stream from the start has them in their place, as trades.
            let fresh = try await Reader(url, until: Self.isLive).finish()
            #expect(fresh.trades.map(Ledger.init) == all.map(Ledger.init))
            #expect(fresh.corrections.isEmpty)
        }
    }

    @Test func aFollowerTooFarBehindGetsLaggingThenCatchesUpByCursor() async throws {
        try await Self.withServer(Self.configuration(maxLag: 3)) { simulator, server, _ in
            let wallet = simulator.demoWallet
            let url = server.url("/v4/wallet/\(wallet)/stream?follow=true&batch_size=25")
            let reader = Reader(url) { !$0.errors.isEmpty }
            try await reader.wait("the live summary", Self.isLive)
            let upcoming = Self.upcoming(simulator, count: 6)
            let all = Self.expected(simulator, through: upcoming[5] + 1)
            _ = try await Self.deliver(simulator.webhookDelivery(wallet: wallet, indices: upcoming), to: server)
            let lagging = try await reader.finish()
            #expect(lagging.errors.map(\.code) == [.lagging])
            #expect(lagging.retries.count >= 2, "a retry: hint comes with the error")
            let lastID = try #require(lagging.batches.last?.id)
            let resumed = try await Reader(url, headers: [("Last-Event-ID", lastID)], until: Self.isLive).finish()
            #expect((lagging.trades + resumed.trades).map(Ledger.init) == all.map(Ledger.init))
        }
    }

    @Test func theWebhookRejectsBadDeliveriesAndStoresNothingTwice() async throws {
        try await Self.withServer(Self.configuration(maxBody: 8_192)) { simulator, server, store in
            let wallet = simulator.demoWallet
            let address = try WalletAddress(validating: wallet)
            _ = try await SSEClient.read(server.url("/v4/wallet/\(wallet)/stream"))
            let stored = try await store.count(wallet: address)
            let upcoming = Self.upcoming(simulator, count: 1)
            let delivery = simulator.webhookDelivery(wallet: wallet, indices: upcoming)
            let big = simulator.webhookDelivery(wallet: wallet, indices: Self.upcoming(simulator, count: 8))
            #expect(big.count > 8_192)

            for secret in [nil, "wrong", Self.secret + "x"] {
                let answer = try await Self.deliver(delivery, to: server, secret: secret)
                #expect(answer.status == 401 && answer.body.contains("UNAUTHORIZED"), "\(answer)")
            }
            let tooLarge = try await Self.deliver(big, to: server)
            #expect(tooLarge.status == 413 && tooLarge.body.contains("PAYLOAD_TOO_LARGE"), "\(tooLarge)")
            for malformed in ["{\"signature\":1", "{\"not\":\"an array\"}", "[1,2]", "", "[{\"slot\":5}]"] {
                let answer = try await Self.deliver(Array(malformed.utf8), to: server)
                #expect(answer.status == 400, "\(malformed): \(answer)")
            }
            #expect(try await store.count(wallet: address) == stored)

            let first = try await Self.deliver(delivery, to: server)
            let again = try await Self.deliver(delivery, to: server)
            #expect(first.status == 200 && again.status == 200)
            let receipts = try [first, again].map {
                try JSONDecoder().decode(Receipt.self, from: Data($0.body.utf8))
            }
            #expect(receipts[0].trades_stored > 0 && receipts[0].already_present == 0)
            #expect(receipts[1].trades_stored == 0 && receipts[1].already_present == receipts[0].trades_stored)
            #expect(try await store.count(wallet: address) == stored + receipts[0].trades_stored)
        }
    }

    struct Receipt: Decodable {
        var transactions: Int
        var trades_stored: Int
        var already_present: Int
        var wallets: [String]
    }

    @Test func aDeliveryForAWalletNeverSyncedIsKeptAndItsStreamSyncsTheHistoryFirst() async throws {
        try await Self.withServer { simulator, server, store in
            let wallet = simulator.demoWallet
            let address = try WalletAddress(validating: wallet)
            let last = try #require(
                simulator.tradeTransactions(wallet: wallet, in: (Self.visible - 20)..<Self.visible).last)
            let answer = try await Self.deliver(simulator.webhookDelivery(wallet: wallet, indices: [last]), to: server)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(try await store.count(wallet: address) > 0)
            #expect(try await store.syncState(wallet: address).lastSyncedAt == nil, "not marked as synced")
            #expect(simulator.counters.listingRequests == 0)

            let run = try await SSEClient.read(server.url("/v4/wallet/\(wallet)/stream")).run()
            let history = Self.expected(simulator, through: Self.visible)
            #expect(simulator.counters.listingRequests > 0, "the stream synced the history first")
            #expect(run.trades.map(Ledger.init) == history.map(Ledger.init))
            #expect(run.summary?.trades == history.count)
        }
    }

    @Test func followersShareOnePollPerIntervalAndNewChainTradesReachThem() async throws {
        let interval = Duration.milliseconds(400)
        try await Self.withServer(Self.configuration(followInterval: interval)) { simulator, server, store in
            let wallet = simulator.demoWallet
            let address = try WalletAddress(validating: wallet)
            let upcoming = Self.upcoming(simulator, count: 2)
            let all = Self.expected(simulator, through: upcoming[1] + 1)
            let url = server.url("/v4/wallet/\(wallet)/stream?follow=true&batch_size=100")
            // AsyncHTTPClient's pool holds 8 connections per host; 1,000 followers are in `bench stream`.
            let readers = (0..<6).map { _ in Reader(url) { $0.trades.count >= all.count } }
            for reader in readers { try await reader.wait("the live summary", Self.isLive) }

            let clock = ContinuousClock()
            let listedBefore = simulator.counters.listingRequests
            let start = clock.now
            try await Task.sleep(for: .seconds(3))
            let polls = simulator.counters.listingRequests - listedBefore
            let elapsed = clock.now - start
            // One poll per interval for all six followers, not one each.
            // (That polls happen at all is shown below: only a poll can bring the new chain trades.)
            let most = Int((elapsed / interval).rounded(.up)) + 1
            #expect(polls <= most, "\(polls) polls in \(elapsed), at most \(most)")

            simulator.visibleTransactions = upcoming[1] + 1
            for reader in readers {
                try await reader.wait("the new chain trades", within: .seconds(60)) { $0.trades.count == all.count }
            }
            for reader in readers {
                let run = try await reader.finish()
                #expect(run.trades.map(Ledger.init) == all.map(Ledger.init))
            }
            #expect(try await store.count(wallet: address) == all.count)

            // No followers, no polling. Once the server has closed every stream (each follower
            // unregistered), only a poll already in flight may still list, once.
            #expect(try await server.waitForOpenStreams(0, within: .seconds(30)) != nil)
            let listed = simulator.counters.listingRequests
            try await Task.sleep(for: interval * 10)
            #expect(simulator.counters.listingRequests <= listed + 1, "polls went on without followers")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aFollowerOfTheRealWalletGetsWebhookTradesAndCorrectionsOnEitherStore(_ backend: StoreBackend) async throws {
        try await StoreFixtures.withStore(backend) { store in
            let report = try await CSVImporter(store: store, logger: StoreFixtures.logger).importFile(
                at: SharedData.walletCSV)
            #expect(report.tradesStored == 6_483)
            let wallet = TradeFixtures.realWallet
            let newSignature = "5" + String(repeating: "N", count: 86)
            let lateSignature = "4" + String(repeating: "P", count: 86)
            let deepSignature = "3" + String(repeating: "D", count: 86)
            try await TestServer.with(store: store, configuration: Self.configuration()) { server in
                let reader = Reader(server.url("/v4/wallet/\(wallet.rawValue)/stream?follow=true&batch_size=1000")) {
                    !$0.corrections.isEmpty && $0.summaries.last?.summary.trades == 6_486
                }
                // The real wallet's history, in a debug build beside the other live suites.
                try await reader.wait("the live summary", within: .seconds(120), Self.isLive)
                #expect(try reader.run.trades.count == 6_483)
                let new = try await Self.deliver(
                    SampleDelivery.swaps([.init(signature: newSignature)], from: SharedData.realWalletTransactions),
                    to: server)
                #expect(new.status == 200, "\(new.body)")
                try await reader.wait("the new trade") { $0.trades.last?.signature == newSignature }
                // Before the wallet's last trade of the history (2025-06-28): a late delivery, with
                // one from mid-May, thousands of trades deep.
                let late = try await Self.deliver(
                    SampleDelivery.swaps(
                        [
                            .init(signature: lateSignature, slot: 349_000_000, timestamp: 1_750_800_000),
                            .init(signature: deepSignature, slot: 340_000_000, timestamp: 1_747_260_000),
                        ],
                        from: SharedData.realWalletTransactions),
                    to: server)
                #expect(late.status == 200, "\(late.body)")
                let run = try await reader.finish()
                #expect(run.trades.count == 6_484)
                #expect(run.corrections.flatMap(\.trades).map(\.signature) == [deepSignature, lateSignature])
                #expect(!run.trades.contains { [deepSignature, lateSignature].contains($0.signature) })
                #expect(run.summaries.last?.live == true)
                #expect(try await store.count(wallet: wallet) == 6_486)
            }
        }
    }

    /// What the Swift client handed its handler, shared with the test.
    final class Updates: Sendable {
        let updates = Mutex<[StreamUpdate]>([])

        var all: [StreamUpdate] { updates.withLock { $0 } }
        var trades: [Trade] {
            all.flatMap { update -> [Trade] in
                if case .trades(let trades, _) = update { return trades }
                return []
            }
        }
    }

    struct Done: Error {}

    @Test func theSwiftClientFollowsRidesThroughLaggingAndGetsEachTradeOnce() async throws {
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        _ = try await CSVImporter(store: store, logger: StoreFixtures.logger).importFile(at: SharedData.walletCSV)
        let wallet = TradeFixtures.realWallet
        let delivery = try SampleDelivery.swaps(
            [
                .init(signature: "5" + String(repeating: "C", count: 86)),
                .init(signature: "5" + String(repeating: "D", count: 86), slot: 349_900_100, timestamp: 1_751_200_040),
            ], from: SharedData.realWalletTransactions)
        var configuration = Self.configuration(maxLag: 1)
        configuration.retryMilliseconds = 100
        try await TestServer.with(store: store, configuration: configuration) { server in
            let client = WalletStreamClient(
                baseURL: server.url("/"),
                configuration: WalletStreamClientConfiguration(
                    initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(200)))
            let seen = Updates()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        _ = try await client.stream(wallet: wallet.rawValue, batchSize: 500, follow: true) { update in
                            seen.updates.withLock { $0.append(update) }
                            if seen.trades.count == 6_485 { throw Done() }
                        }
                    } catch is Done {}
                }
                let live = try await Eventually.wait(within: .seconds(30)) {
                    seen.all.contains { if case .liveSummary = $0 { return true } else { return false } }
                }
                #expect(live)
                #expect(seen.trades.count == 6_483)
                let answer = try await Self.deliver(delivery, to: server)
                #expect(answer.status == 200, "\(answer.body)")
                try await group.waitForAll()
            }
            let updates = seen.all
            #expect(updates.contains { if case .serverError(let error) = $0 { error.code == .lagging } else { false } })
            #expect(updates.contains { if case .reconnecting = $0 { true } else { false } })
            let trades = seen.trades
            #expect(trades.count == 6_485)
            #expect(Set(trades.map { "\($0.signature)#\($0.leg)" }).count == trades.count, "no trade twice")
            #expect(
                trades.suffix(2).map(\.signature) == [
                    "5" + String(repeating: "C", count: 86), "5" + String(repeating: "D", count: 86),
                ])
        }
    }

    @Test func aWebhookOnOneNodeReachesFollowersOnAnotherAtOnceLateOnesAsCorrections() async throws {
        try await TestPostgres.withDatabase { location, clientA in
            try await TestPostgres.withClient(location) { clientB in
                let storeA = try await StoreFixtures.postgres(location, client: clientA)
                let storeB = try await StoreFixtures.postgres(location, client: clientB)
                _ = try await CSVImporter(store: storeA, logger: StoreFixtures.logger).importFile(
                    at: SharedData.walletCSV)
                let wallet = TradeFixtures.realWallet
                let signature = "5" + String(repeating: "B", count: 86)
                let lateSignature = "4" + String(repeating: "Q", count: 86)
                // Neither node polls: the trade can only reach node B through the store.
                try await TestServer.with(store: storeA, configuration: Self.configuration()) { nodeA in
                    try await TestServer.with(store: storeB, configuration: Self.configuration()) { nodeB in
                        let reader = Reader(
                            nodeB.url("/v4/wallet/\(wallet.rawValue)/stream?follow=true&batch_size=1000")
                        ) {
                            $0.corrections.flatMap(\.trades).contains { $0.signature == lateSignature }
                        }
                        // The real wallet's history, in a debug build beside the other live suites.
                        try await reader.wait("the live summary on node B", within: .seconds(120), Self.isLive)
                        // Both nodes' hubs listen, each on a connection of its own.
                        let listening = try await Eventually.wait(within: .seconds(30), every: .milliseconds(50)) {
                            var count = 0
                            let rows = try await clientA.query(
                                "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%'")
                            for try await (value) in rows.decode(Int.self) { count = value }
                            return count >= 2
                        }
                        #expect(listening)
                        let answer = try await Self.deliver(
                            SampleDelivery.swaps(
                                [.init(signature: signature)], from: SharedData.realWalletTransactions),
                            to: nodeA)
                        #expect(answer.status == 200, "\(answer.body)")
                        try await reader.wait("the new trade on node B") { $0.trades.last?.signature == signature }
                        // A late delivery on node A reaches node B's follower as a correction.
                        let late = try await Self.deliver(
                            SampleDelivery.swaps(
                                [.init(signature: lateSignature, slot: 349_000_000, timestamp: 1_750_800_000)],
                                from: SharedData.realWalletTransactions),
                            to: nodeA)
                        #expect(late.status == 200, "\(late.body)")
                        let run = try await reader.finish()
                        #expect(run.trades.count == 6_484)
                        #expect(run.corrections.flatMap(\.trades).map(\.signature) == [lateSignature])
                    }
                }
            }
        }
    }
}
