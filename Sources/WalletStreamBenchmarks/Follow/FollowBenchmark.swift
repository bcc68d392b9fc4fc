import AsyncHTTPClient
import Foundation
import NIOCore
import WalletStreamCore
import WalletStreamIngest
import WalletStreamServer
import WalletStreamSimulator

#if canImport(Glibc)
    import Glibc
#endif

/// `walletstream bench follow`: many idle followers of one wallet on one server (a child
/// process, syncing from the upstream simulator, another child): what each costs the server
/// while nothing happens, and how many polls the upstream gets per interval for all of them.
public struct FollowBenchmark: Sendable {
    public var executable: String
    public var directory: String
    public var followers: Int
    public var interval: Int
    public var windowSeconds: Int
    /// The real wallet's Helius transactions (`../shared/data/helius/…`): the simulator serves
    /// them as the wallet's chain, and one of its swaps, made new, is the webhook delivery.
    public var heliusSample: String

    /// The wallet of the Helius sample.
    static let wallet = "3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2"
    static let secret = "bench-webhook-secret"

    public init(
        executable: String, directory: String, followers: Int, interval: Int, windowSeconds: Int, heliusSample: String
    ) {
        self.executable = executable
        self.directory = directory
        self.followers = followers
        self.interval = interval
        self.windowSeconds = windowSeconds
        self.heliusSample = heliusSample
    }

    public func run(report: @Sendable (String) -> Void) async throws {
        let followers = min(self.followers, FileDescriptorLimit.raiseToHard() - 256)
        let simulator = try ChildServer(
            executable: executable,
            arguments: [
                "simulate-upstream", "--port", "0", "--api-key", "bench-key", "--sample-transactions", heliusSample,
            ])
        defer { simulator.stop() }
        let server = try StreamBenchmark.syncingServer(
            executable: executable, database: directory + "/bench-follow.sqlite", upstream: simulator,
            connections: followers + 100,
            arguments: ["--follow-interval", "\(interval)", "--webhook-secret", Self.secret])
        defer { server.stop() }
        guard let port = URL(string: server.baseURL)?.port else { throw BenchError("no port in \(server.baseURL)") }
        let wallet = Self.wallet
        let path = "/v4/wallet/\(wallet)/stream?follow=true&batch_size=1000"
        let first = Array("GET \(path) HTTP/1.1\r\nHost: bench\r\n\r\n".utf8)

        // The first follower syncs the wallet and reads its history. The others resume after its
        // last trade (as a reconnecting dashboard does): what is measured is what an idle
        // follower holds, not the allocator's high-water mark from streaming the history 1,000
        // times.
        var sockets = [try StreamBenchmark.openRawStream(port: port, request: first)]
        defer { for socket in sockets { close(socket) } }
        let lastID = try await Self.drainUntilLive(sockets[0], within: .seconds(60))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: bench\r\nLast-Event-ID: \(lastID)\r\n\r\n".utf8)
        try await Task.sleep(for: .seconds(1))
        let before = server.residentBytes
        var opened = 1
        while opened < followers {
            let batch = min(100, followers - opened)
            var fresh: [Int32] = []
            for _ in 0..<batch { fresh.append(try StreamBenchmark.openRawStream(port: port, request: request)) }
            for (index, socket) in fresh.enumerated() {
                do {
                    try await Self.drainUntilLive(socket, within: .seconds(60))
                } catch {
                    throw BenchError("follower \(opened + index + 1): \(error)")
                }
            }
            sockets += fresh
            opened += batch
        }
        try await Task.sleep(for: .seconds(3))
        let polls0 = try await Self.counter("walletstream_follow_polls_total", server: server.baseURL)
        let listings0 = try await Self.listings(server: server.baseURL)
        let clock = ContinuousClock()
        let start = clock.now
        var peak = 0
        while clock.now - start < .seconds(windowSeconds) {
            try await Task.sleep(for: .milliseconds(500))
            peak = max(peak, server.residentBytes)
            // Heartbeats keep coming; read them, as an idle client does.
            var buffer = [UInt8](repeating: 0, count: 4096)
            for socket in sockets { while recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT)) > 0 {} }
        }
        let elapsed = clock.now - start
        let polls = try await Self.counter("walletstream_follow_polls_total", server: server.baseURL) - polls0
        let listings = try await Self.listings(server: server.baseURL) - listings0
        let during = server.residentBytes
        let perFollower = (during - before) / max(1, followers - 1)
        let seconds = Double(elapsed.components.seconds)
        report(
            "\(followers.grouped) idle followers of one wallet (follow=true, raw sockets, each read to its live "
                + "summary): server RSS \(BenchFormat.megabytes(before)) → \(BenchFormat.megabytes(during)) "
                + "(peak \(BenchFormat.megabytes(peak))), \((perFollower / 1024).grouped) KB per follower")
        report(
            "polls in \(Int(seconds)) s at --follow-interval \(interval): \(polls) "
                + "(\(listings) getSignaturesForAddress requests upstream; one per interval would be "
                + "\(Int(seconds) / interval))")

        // A webhook delivers a new trade: how long until every follower has it.
        let signature = "5" + String(repeating: "W", count: 86)
        let delivery = try SampleDelivery.swaps([.init(signature: signature)], from: heliusSample)
        var post = HTTPClientRequest(url: server.baseURL + "/v4/webhooks/helius")
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/json")
        post.headers.add(name: "Authorization", value: Self.secret)
        post.body = .bytes(ByteBuffer(bytes: delivery))
        let posted = clock.now
        let answer = try await HTTPClient.shared.execute(post, timeout: .seconds(30))
        guard answer.status == .ok else { throw BenchError("the webhook answered \(answer.status)") }
        let answered = clock.now - posted
        var arrivals = try await Self.arrivals(of: signature, on: sockets, within: .seconds(30)).map { $0 - posted }
        arrivals.sort()
        report(
            "webhook delivery of one new trade: answered in \(BenchFormat.milliseconds(answered)); in every "
                + "follower's stream after p50 \(BenchFormat.milliseconds(arrivals[arrivals.count / 2])), "
                + "max \(BenchFormat.milliseconds(arrivals[arrivals.count - 1])) (\(arrivals.count.grouped) followers)")
    }

    /// When `text` arrived on each socket.
    static func arrivals(of text: String, on sockets: [Int32], within limit: Duration) async throws
        -> [ContinuousClock.Instant]
    {
        let marker = Array(text.utf8)
        var seen: [ContinuousClock.Instant?] = Array(repeating: nil, count: sockets.count)
        var tails: [[UInt8]] = Array(repeating: [], count: sockets.count)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let deadline = ContinuousClock.now + limit
        while seen.contains(where: { $0 == nil }) {
            guard ContinuousClock.now < deadline else { throw BenchError("a follower never got the delivered trade") }
            for (index, socket) in sockets.enumerated() where seen[index] == nil {
                while true {
                    let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                    guard count > 0 else { break }
                    tails[index] += buffer[0..<count]
                    if tails[index].firstRange(of: marker) != nil {
                        seen[index] = .now
                        break
                    }
                    tails[index].removeFirst(max(0, tails[index].count - marker.count))
                }
            }
            await Task.yield()
        }
        return seen.compactMap { $0 }
    }

    /// Reads `socket` until its stream has sent the live summary; returns the last event id seen.
    @discardableResult
    static func drainUntilLive(_ socket: Int32, within limit: Duration) async throws -> String {
        let marker = Array("\"live\":true".utf8)
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let count = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                text += buffer[0..<count]
                guard text.firstRange(of: marker) != nil else { continue }
                let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
                let id = lines.last { $0.hasPrefix("id: ") }.map { String($0.dropFirst(4)) }
                return id ?? ""
            }
            if count == 0 { throw BenchError("a follower's stream ended before it was live") }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw BenchError("a follower was not live within \(limit)")
    }

    /// A counter's value in the server's `/metrics` (summed over its label sets).
    static func counter(_ name: String, server: String, label: String? = nil) async throws -> Int {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: server + "/metrics"), timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 8 << 20))
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            if let label, !line.contains(label) { continue }
            if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { total += value }
        }
        return Int(total)
    }

    static func listings(server: String) async throws -> Int {
        try await counter(
            "walletstream_upstream_requests_total", server: server, label: "request=\"getSignaturesForAddress\"")
    }
}
