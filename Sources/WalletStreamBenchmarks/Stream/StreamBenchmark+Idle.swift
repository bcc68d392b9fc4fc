import Foundation
import WalletStreamCore
import WalletStreamIngest
import WalletStreamServer

#if canImport(Glibc)
    import Glibc
#endif

extension StreamBenchmark {
    /// Streams that only get heartbeats: each waits for the sync of a wallet the store has never
    /// seen, from an upstream simulator that takes ten minutes to answer anything. What each such
    /// stream costs the server, opened over raw sockets (a client library would hold more than
    /// the server).
    func measureIdleStreams(count: Int, report: @Sendable (String) -> Void) async throws {
        // Descriptors for the bench's own sockets; the server raises its own limit.
        let streams = min(count, FileDescriptorLimit.raiseToHard() - 256)
        let simulator = try ChildServer(
            executable: executable,
            arguments: ["simulate-upstream", "--port", "0", "--latency-ms", "600000", "--api-key", "bench-key"])
        // Its requests are held open for ten minutes: a graceful stop would wait for them.
        defer { simulator.kill() }
        let server = try Self.syncingServer(
            executable: executable, database: directory + "/bench-idle.sqlite", upstream: simulator,
            connections: streams + 100)
        defer { server.stop() }
        guard let port = URL(string: server.baseURL)?.port else { throw BenchError("no port in \(server.baseURL)") }
        let request = Array(
            "GET /v4/wallet/\(DemoTradeGenerator.wallet(seed: 7))/stream HTTP/1.1\r\nHost: bench\r\n\r\n".utf8)

        var sockets = [try Self.openRawStream(port: port, request: request)]
        defer { for socket in sockets { close(socket) } }
        try await Task.sleep(for: .seconds(1))
        let before = server.residentBytes
        while sockets.count < streams {
            for _ in 0..<min(500, streams - sockets.count) {
                sockets.append(try Self.openRawStream(port: port, request: request))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .seconds(5))
        let during = server.residentBytes
        // Every stream must be open and answered (its `connected` and `progress` events).
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let answered = sockets.filter { recv($0, &buffer, buffer.count, Int32(MSG_DONTWAIT)) > 0 }.count
        report(
            "\n\(streams.grouped) idle streams (waiting for a sync, heartbeats only; \(answered.grouped) answered): "
                + "server RSS \(BenchFormat.megabytes(before)) → \(BenchFormat.megabytes(during)), "
                + "\(((during - before) / max(1, streams - 1) / 1024).grouped) KB per stream")
    }

    /// A connected loopback socket that has sent `request` and reads nothing.
    static func openRawStream(port: Int, request: [UInt8]) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0, request.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, 0) }) == request.count
        else {
            close(socket)
            throw BenchError("connecting a raw stream failed: errno \(errno)")
        }
        return socket
    }
}
