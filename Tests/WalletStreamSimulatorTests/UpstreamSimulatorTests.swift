import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Testing
import WalletStreamCore
import WalletStreamHelius
import WalletStreamIngest
import WalletStreamTestSupport

@testable import WalletStreamSimulator

/// The upstream simulator over real loopback HTTP.
@Suite("Upstream simulator", .timeLimit(.minutes(2)))
struct UpstreamSimulatorTests {
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
    }

    static func post(_ url: String, _ body: String, timeout: TimeAmount = .seconds(30)) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: headers, body: Array(buffer: bytes))
    }

    /// Runs `body` against a running simulator, then stops it.
    static func withSimulator<T: Sendable>(
        _ configuration: UpstreamSimulatorConfiguration = UpstreamSimulatorConfiguration(
            walletTrades: 300, sampleTransactionsPath: SharedData.realWalletTransactions),
        _ body: @Sendable (UpstreamSimulator, String) async throws -> T
    ) async throws -> T {
        try await UpstreamSimulator.withRunning(configuration, body)
    }

    static func signaturesRequest(_ wallet: String, limit: Int = 1000, before: String? = nil, until: String? = nil)
        -> String
    {
        var options = "\"limit\":\(limit)"
        if let before { options += ",\"before\":\"\(before)\"" }
        if let until { options += ",\"until\":\"\(until)\"" }
        return #"{"jsonrpc":"2.0","id":1,"method":"getSignaturesForAddress","params":["\#(wallet)",{\#(options)}]}"#
    }

    static func signatures(
        _ base: String, _ wallet: String, limit: Int = 1000, before: String? = nil,
        until: String? = nil
    ) async throws -> [[String: Any]] {
        let reply = try await post(base + "/", signaturesRequest(wallet, limit: limit, before: before, until: until))
        #expect(reply.status == 200)
        let object = reply.json as? [String: Any]
        return object?["result"] as? [[String: Any]] ?? []
    }

    static func transactionsBody(_ signatures: [String]) -> String {
        "{\"transactions\":[" + signatures.map { "\"\($0)\"" }.joined(separator: ",") + "]}"
    }

    static let wallet = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"

    @Test("getSignaturesForAddress pages newest first with before and until")
    func paging() async throws {
        try await Self.withSimulator { simulator, base in
            let count = simulator.transactionCount(wallet: Self.wallet)
            var all: [[String: Any]] = []
            var before: String?
            // Bounded: a simulator that never ends its listing fails the test instead of hanging it.
            for _ in 0..<10_000 {
                let page = try await Self.signatures(base, Self.wallet, limit: 97, before: before)
                if page.isEmpty { break }
                all += page
                before = page.last?["signature"] as? String
            }
            let signatures = all.compactMap { $0["signature"] as? String }
            #expect(signatures.count == count)
            #expect(Set(signatures).count == count)
            let slots = all.compactMap { ($0["slot"] as? NSNumber)?.uint64Value }
            #expect(slots == slots.sorted(by: >))
            #expect(all.allSatisfy { $0["confirmationStatus"] as? String == "finalized" })
            #expect(all.contains { !($0["err"] is NSNull) })

            let untilPage = try await Self.signatures(base, Self.wallet, until: signatures[50])
            #expect(untilPage.compactMap { $0["signature"] as? String } == Array(signatures[0..<50]))
            let between = try await Self.signatures(base, Self.wallet, before: signatures[10], until: signatures[20])
            #expect(between.compactMap { $0["signature"] as? String } == Array(signatures[11..<20]))
            let unknown = try await Self.signatures(base, Self.wallet, before: String(repeating: "3", count: 88))
            #expect(unknown.isEmpty)

            let bad = try await Self.post(base + "/", #"{"jsonrpc":"2.0","id":7,"method":"getBalance","params":[]}"#)
            let error = (bad.json as? [String: Any])?["error"] as? [String: Any]
            #expect((error?["code"] as? NSNumber)?.intValue == -32601)
            #expect(((bad.json as? [String: Any])?["id"] as? NSNumber)?.intValue == 7)
        }
    }

    @Test("Helius answers a batch in request order; > 100 is 400; a wrong or missing key is 401")
    func heliusBatch() async throws {
        try await Self.withSimulator { simulator, base in
            let listed = try await Self.signatures(base, Self.wallet, limit: 150).compactMap {
                $0["signature"] as? String
            }
            var random = SplitMix64(seed: 99)
            let asked = Array(listed[0..<100].shuffled(using: &random))
            let reply = try await Self.post(
                base + "/v0/transactions?api-key=simulator-key", Self.transactionsBody(asked))
            #expect(reply.status == 200)
            let transactions = reply.json as? [[String: Any]] ?? []
            #expect(transactions.compactMap { $0["signature"] as? String } == asked)

            let tooMany = try await Self.post(
                base + "/v0/transactions?api-key=simulator-key", Self.transactionsBody(listed))
            #expect(tooMany.status == 400)
            let wrongKey = try await Self.post(
                base + "/v0/transactions?api-key=nope", Self.transactionsBody(Array(listed[0..<2])))
            #expect(wrongKey.status == 401)
            let noKey = try await Self.post(base + "/v0/transactions", Self.transactionsBody([]))
            #expect(noKey.status == 401)
            let counters = simulator.counters
            #expect(counters.heliusRequests == 4)
            #expect(counters.unauthorized == 2)
            #expect(counters.transactionsServed == 100)
        }
    }

    @Test("The token bucket answers excess requests with 429 and Retry-After: 1")
    func rateLimit() async throws {
        try await Self.withSimulator(UpstreamSimulatorConfiguration(walletTrades: 50, rateLimit: 2)) {
            simulator, base in
            // A burst of 8 at once: the bucket holds 2 tokens, so most must be refused however
            // slow the machine is.
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await Self.post(base + "/", Self.signaturesRequest(Self.wallet, limit: 5)) }
                }
                var replies: [Reply] = []
                for try await reply in group { replies.append(reply) }
                return replies
            }
            let statuses = replies.map(\.status)
            let retryAfter = replies.filter { $0.status == 429 }.map { $0.headers["retry-after"] ?? "" }
            #expect(statuses.contains(200))
            #expect(statuses.filter { $0 == 429 }.count >= 4, "\(statuses)")
            #expect(retryAfter.allSatisfy { $0 == "1" })
            #expect(simulator.counters.rateLimited == statuses.filter { $0 == 429 }.count)
        }
    }

    @Test("Scripted faults: status bursts, 429, every n-th, dropped connection, truncated and malformed bodies, slow")
    func faults() async throws {
        try await Self.withSimulator { simulator, base in
            let rpc = base + "/"
            let request = Self.signaturesRequest(Self.wallet, limit: 20)
            let normal = try await Self.post(rpc, request)
            #expect(normal.json != nil)

            simulator.inject(.init(.serverError(status: 503), api: .rpc, schedule: .next(2)))
            #expect(try await Self.post(rpc, request).status == 503)
            #expect(try await Self.post(rpc, request).status == 503)
            #expect(try await Self.post(rpc, request).status == 200)

            simulator.inject(.init(.rateLimited(retryAfter: 3), api: .rpc))
            let limited = try await Self.post(rpc, request)
            #expect(limited.status == 429)
            #expect(limited.headers["retry-after"] == "3")

            // Faults on the other API leave this one alone.
            simulator.inject(.init(.serverError(status: 500), api: .helius, schedule: .next(1)))
            #expect(try await Self.post(rpc, request).status == 200)
            let helius = try await Self.post(base + "/v0/transactions?api-key=simulator-key", "{\"transactions\":[]}")
            #expect(helius.status == 500)

            simulator.inject(.init(.dropConnection, api: .rpc))
            await #expect(throws: (any Error).self) { try await Self.post(rpc, request) }

            simulator.inject(.init(.truncatedBody, api: .rpc))
            let truncated = try await Self.post(rpc, request)
            #expect(truncated.status == 200)
            #expect(truncated.json == nil)
            #expect(normal.body.starts(with: truncated.body))
            #expect(truncated.body.count < normal.body.count)

            simulator.inject(.init(.malformedJSON, api: .rpc))
            let malformed = try await Self.post(rpc, request)
            #expect(malformed.status == 200)
            #expect(malformed.json == nil)

            // The client gives up long before the slow answer: 2.1 s once in a loaded CI phase,
            // so the answer takes 6 s and the bound is 5 s.
            simulator.inject(.init(.slow(.seconds(6)), api: .rpc))
            let started = ContinuousClock.now
            await #expect(throws: (any Error).self) {
                try await Self.post(rpc, request, timeout: .milliseconds(300))
            }
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(simulator.counters.faultsInjected == 8)
        }
        try await Self.withSimulator { simulator, base in
            simulator.inject(.init(.serverError(status: 502), api: .rpc, schedule: .every(3)))
            var statuses: [Int] = []
            for _ in 0..<7 {
                statuses.append(try await Self.post(base + "/", Self.signaturesRequest(Self.wallet, limit: 3)).status)
            }
            #expect(statuses == [200, 200, 502, 200, 200, 502, 200])
        }
    }

    @Test("The same seed gives byte-identical answers; another seed differs")
    func determinism() async throws {
        func fetch(seed: UInt64) async throws -> [UInt8] {
            try await Self.withSimulator(UpstreamSimulatorConfiguration(walletTrades: 200, seed: seed)) { _, base in
                let listing = try await Self.post(base + "/", Self.signaturesRequest(Self.wallet, limit: 60))
                let signatures = ((listing.json as? [String: Any])?["result"] as? [[String: Any]] ?? []).compactMap {
                    $0["signature"] as? String
                }
                let batch = try await Self.post(
                    base + "/v0/transactions?api-key=simulator-key", Self.transactionsBody(signatures))
                return listing.body + batch.body
            }
        }
        let first = try await fetch(seed: 7)
        let second = try await fetch(seed: 7)
        let other = try await fetch(seed: 8)
        #expect(first.count > 10_000)
        #expect(first == second)
        #expect(first != other)
    }

    @Test("The real wallet lists the 20 sample signatures newest first and serves them verbatim")
    func realWallet() async throws {
        let path = SharedData.realWalletTransactions
        let file = try #require(FileManager.default.contents(atPath: path))
        let sample = try #require(try JSONSerialization.jsonObject(with: file) as? [[String: Any]])
        let expected = sample.compactMap { $0["signature"] as? String }
        let accountCounts = sample.map { ($0["accountData"] as? [Any])?.count }
        try await Self.withSimulator { simulator, base in
            let listed = try await Self.signatures(base, UpstreamSimulator.realWallet)
            #expect(listed.compactMap { $0["signature"] as? String } == expected)
            let page = try await Self.signatures(base, UpstreamSimulator.realWallet, limit: 5, before: expected[4])
            #expect(page.compactMap { $0["signature"] as? String } == Array(expected[5..<10]))
            let reply = try await Self.post(
                base + "/v0/transactions?api-key=simulator-key", Self.transactionsBody(expected))
            let served = try #require(reply.json as? [[String: Any]])
            #expect(served.compactMap { $0["signature"] as? String } == expected)
            #expect(
                served.map { ($0["accountData"] as? [Any])?.count }
                    == accountCounts)

            let trades = simulator.expectedTrades(wallet: UpstreamSimulator.realWallet)
            #expect(trades.count == 4)
            #expect(trades.map(\.side) == [.buy, .sell, .buy, .sell])
            #expect(trades.first?.solAmount == Amount("1.98"))
            #expect(trades.last?.solAmount == Amount("0.077849895"))
            #expect(trades.last?.sold.amount == Amount("1986656.546333"))
        }
    }

    @Test("Generated transactions carry the ground truth in the wallet's balance changes")
    func groundTruth() async throws {
        try await Self.withSimulator(UpstreamSimulatorConfiguration(walletTrades: 400, seed: 3)) { simulator, base in
            let expected = simulator.expectedTrades(wallet: Self.wallet)
            #expect(expected.count == 400)
            // Legs of one transaction are numbered by token mint, as a parser must number them.
            let generated = Array(DemoTradeGenerator(seed: 3, count: 400)).sorted { lhs, rhs in
                lhs.slot != rhs.slot
                    ? lhs.slot < rhs.slot : lhs.tokenLeg.mint.utf8.lexicographicallyPrecedes(rhs.tokenLeg.mint.utf8)
            }
            #expect(expected.map(\.sold) == generated.map(\.sold))
            #expect(expected.map(\.bought) == generated.map(\.bought))
            #expect(expected.map(\.solAmount) == generated.map(\.solAmount))
            #expect(expected.map(\.slot) == generated.map(\.slot))

            var listed: [String] = []
            var before: String?
            // Bounded: a simulator that never ends its listing fails the test instead of hanging it.
            for _ in 0..<10_000 {
                let page = try await Self.signatures(base, Self.wallet, before: before).compactMap {
                    $0["signature"] as? String
                }
                if page.isEmpty { break }
                listed += page
                before = page.last
            }
            var elements: [[UInt8]] = []
            var types: [String: Int] = [:]
            var failed = 0
            for start in stride(from: 0, to: listed.count, by: 100) {
                let batch = Array(listed[start..<min(listed.count, start + 100)])
                let reply = try await Self.post(
                    base + "/v0/transactions?api-key=simulator-key", Self.transactionsBody(batch))
                for range in SampleWallet.elements(of: reply.body) { elements.append(Array(reply.body[range])) }
                for object in reply.json as? [[String: Any]] ?? [] {
                    types[object["type"] as? String ?? "", default: 0] += 1
                    if !(object["transactionError"] is NSNull) { failed += 1 }
                }
            }
            #expect(elements.count == listed.count)
            #expect(failed > 0)
            #expect(types["TRANSFER", default: 0] > 0)

            // Every one-leg buy or sell reads back exactly, fee included.
            let bySignature = Dictionary(grouping: expected, by: \.signature)
            var checked = 0
            for element in elements {
                guard let read = ReferenceSwapReader.trade(json: element, wallet: Self.wallet) else { continue }
                let truth = try #require(bySignature[read.signature])
                guard truth.count == 1, let trade = truth.first else { continue }
                #expect(read.side == trade.side)
                #expect(read.sold.amount == trade.sold.amount)
                #expect(read.bought.amount == trade.bought.amount)
                #expect(read.tokenLeg.mint == trade.tokenLeg.mint)
                #expect(read.solAmount == trade.solAmount)
                #expect(read.feeSOL == trade.feeSOL)
                #expect(read.slot == trade.slot && read.blockTime == trade.blockTime)
                #expect(read.venue == trade.venue)
                checked += 1
            }
            #expect(checked > 300)
        }
    }

    @Test("Signatures decode back to their wallet tag and index")
    func signatures() {
        for index in [0, 1, 17, 4_096, 1_000_000] {
            let signature = SimulatedSignature.make(seed: 9, tag: 12_345, index: index)
            #expect((86...88).contains(signature.count))
            let decoded = SimulatedSignature.decode(signature, seed: 9)
            #expect(decoded?.tag == 12_345 && decoded?.index == index)
            #expect(SimulatedSignature.decode(signature, seed: 10) == nil)
        }
    }
}
