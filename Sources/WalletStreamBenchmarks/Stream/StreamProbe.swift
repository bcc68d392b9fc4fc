import AsyncHTTPClient
import Foundation
import NIOCore

/// Client-side measurements of one HTTP response over loopback.
struct StreamProbe: Sendable {
    let client: HTTPClient

    struct Timing: Sendable {
        var firstTrades: Duration?
        var total: Duration
        var bytes: Int
    }

    static let tradesMarker = Array("event: trades".utf8)

    /// Reads a response to the end (or, with `stopAtFirstTrades`, until the first `trades`
    /// event), reading at most `bytesPerSecond` when given, or stalling after the first chunk.
    func measure(
        _ url: String, body: String? = nil, stopAtFirstTrades: Bool = false,
        bytesPerSecond: Int? = nil, until deadline: ContinuousClock.Instant? = nil,
        stallAfterFirstChunk: Duration? = nil, headers: [(String, String)] = []
    ) async throws -> Timing {
        let clock = ContinuousClock()
        let start = clock.now
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await client.execute(request, timeout: .seconds(600))
        guard response.status == .ok else { throw BenchError("\(url) answered \(response.status)") }
        var timing = Timing(firstTrades: nil, total: .zero, bytes: 0)
        var tail: [UInt8] = []
        for try await chunk in response.body {
            timing.bytes += chunk.readableBytes
            if let stallAfterFirstChunk {
                // Hold the connection open without reading: the server's writes back up.
                try await Task.sleep(for: stallAfterFirstChunk)
                break
            }
            if timing.firstTrades == nil {
                tail += chunk.readableBytesView
                if tail.count >= Self.tradesMarker.count,
                    tail.indices.dropLast(Self.tradesMarker.count - 1).contains(where: {
                        tail[$0..<($0 + Self.tradesMarker.count)].elementsEqual(Self.tradesMarker)
                    })
                {
                    timing.firstTrades = clock.now - start
                    if stopAtFirstTrades { break }
                }
                tail = Array(tail.suffix(Self.tradesMarker.count))
            }
            if let bytesPerSecond {
                let due = start + .seconds(Double(timing.bytes) / Double(bytesPerSecond))
                if due > clock.now { try await Task.sleep(until: due) }
            }
            if let deadline, clock.now >= deadline { break }
        }
        timing.total = clock.now - start
        return timing
    }
}
