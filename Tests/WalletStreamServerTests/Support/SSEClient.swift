import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WalletStreamCore
import WalletStreamServer
import WalletStreamWire

/// What an SSE request returned: the head, and either the parsed items (200) or the body.
struct SSEResponse: Sendable {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var items: [SSEItem]
    /// The raw body of a non-200 answer.
    var body: String

    /// The JSON error body of a non-200 answer.
    func error() throws -> ErrorBody {
        try JSONDecoder().decode(ErrorBody.self, from: Data(body.utf8))
    }

    func run() throws -> StreamRun { try StreamRun(items: items) }
}

/// Reads an SSE response with AsyncHTTPClient and splits it into events.
enum SSEClient {
    /// GETs `url` and parses the stream until it ends or `stop` returns true for the items so far.
    static func read(
        _ url: String, headers: [(String, String)] = [], timeout: Duration = .seconds(30),
        stop: (@Sendable ([SSEItem]) -> Bool)? = nil
    ) async throws -> SSEResponse {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .init(timeout))
        var result = SSEResponse(status: response.status, headers: response.headers, items: [], body: "")
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 1 << 20)
            result.body = String(buffer: body)
            return result
        }
        var parser = SSEParser()
        for try await buffer in response.body {
            result.items += parser.feed(buffer.readableBytesView)
            if let stop, stop(result.items) { break }
        }
        return result
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// A stream's events decoded into the Core payload types.
struct StreamRun: Sendable {
    struct Batch: Sendable {
        var id: String?
        var payload: StreamTrades
    }

    var retries: [Int] = []
    var comments: [String] = []
    /// Event names in order.
    var names: [String] = []
    var connected: StreamConnected?
    var batches: [Batch] = []
    var progress: [StreamProgress] = []
    var summary: WalletSummary?
    /// Every `summary`, in order, and whether it carried `"live": true`.
    var summaries: [(summary: WalletSummary, live: Bool)] = []
    var corrections: [StreamCorrection] = []
    var complete: StreamComplete?
    var errors: [ErrorBody] = []
    /// The id of the last event that had one: what a client resumes with.
    var lastID: String?

    var trades: [Trade] { batches.flatMap(\.payload.trades) }

    init() {}

    init(items: [SSEItem]) throws {
        try add(items)
    }

    /// Decodes `items`, which follow those already decoded.
    mutating func add(_ items: some Sequence<SSEItem>) throws {
        let decoder = JSONDecoder()
        for item in items {
            switch item {
            case .retry(let milliseconds): retries.append(milliseconds)
            case .comment(let text): comments.append(text)
            case .event(let event):
                names.append(event.name)
                if let id = event.id { lastID = id }
                let data = Data(event.data.utf8)
                switch event.name {
                case "connected": connected = try decoder.decode(StreamConnected.self, from: data)
                case "trades":
                    batches.append(Batch(id: event.id, payload: try decoder.decode(StreamTrades.self, from: data)))
                case "progress": progress.append(try decoder.decode(StreamProgress.self, from: data))
                case "summary":
                    let decoded = try decoder.decode(WalletSummary.self, from: data)
                    summary = decoded
                    summaries.append((decoded, event.data.contains("\"live\":true")))
                case "correction": corrections.append(try decoder.decode(StreamCorrection.self, from: data))
                case "complete": complete = try decoder.decode(StreamComplete.self, from: data)
                case "error": errors.append(try decoder.decode(ErrorBody.self, from: data))
                default: Issue.record("unexpected event \(event.name)")
                }
            }
        }
    }
}

extension [SSEItem] {
    var eventNames: [String] {
        compactMap {
            if case .event(let event) = $0 { return event.name }
            return nil
        }
    }

    var pings: Int {
        filter { $0 == .comment(" ping") }.count
    }
}
