import AsyncHTTPClient
import Logging
import NIOCore
import WalletStreamCore
import WalletStreamWire

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Streams a wallet's trades and P&L from a WalletStream server's SSE endpoint,
/// `GET /v4/wallet/{address}/stream`, reconnecting transparently when the connection drops.
///
/// The body is consumed as AsyncHTTPClient's async sequence, so a slow handler slows the
/// server down (backpressure) instead of buffering. After a drop (network error, end of
/// response before `complete`, or a retryable `error` event such as `SHUTTING_DOWN`) the client
/// waits with exponential backoff and jitter, then reconnects with `Last-Event-ID` set to the
/// last cursor it saw; trades already delivered are also filtered by their order key, so the
/// handler sees each trade exactly once, in order.
///
/// HTTP errors before the stream starts (`4xx` with `{"error", "code"}`) are thrown as
/// ``WalletStreamError`` without retrying.
public struct WalletStreamClient: Sendable {
    /// Server root, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    public let httpClient: HTTPClient
    public let configuration: WalletStreamClientConfiguration
    public let logger: Logger

    public init(
        baseURL: String,
        httpClient: HTTPClient,
        configuration: WalletStreamClientConfiguration = WalletStreamClientConfiguration(),
        logger: Logger = Logger(label: "walletstream.client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        var trimmed = Substring(baseURL)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        self.baseURL = String(trimmed)
        self.httpClient = httpClient
        self.configuration = configuration
        self.logger = logger
    }

    /// A client on AsyncHTTPClient's process-wide `HTTPClient.shared`.
    public init(
        baseURL: String,
        configuration: WalletStreamClientConfiguration = WalletStreamClientConfiguration(),
        logger: Logger = Logger(label: "walletstream.client", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.init(baseURL: baseURL, httpClient: .shared, configuration: configuration, logger: logger)
    }

    /// Streams `wallet` until the server's `complete` event, calling `handler` for every update.
    /// With `follow`, the stream goes on after the history (``StreamUpdate/liveSummary(_:)``
    /// marks the boundary) with new trades as they are stored, until cancelled or a
    /// non-retryable error.
    ///
    /// - Parameters:
    ///   - wallet: The wallet address.
    ///   - batchSize: Trades per `trades` event; the server's default when nil.
    ///   - resumeFrom: A cursor from an earlier stream's `trades` update, to continue after it.
    ///   - follow: Stay open after the history (`follow=true`).
    ///   - handler: Called in order for each update; an error it throws ends the stream and is
    ///     rethrown unchanged (never retried).
    /// - Returns: What the stream delivered, including the number of reconnects.
    /// - Throws: ``WalletStreamError`` for HTTP errors, non-retryable `error` events, protocol
    ///   violations and exhausted reconnection attempts; `CancellationError` when cancelled.
    public func stream(
        wallet: String,
        batchSize: Int? = nil,
        resumeFrom: String? = nil,
        follow: Bool = false,
        handler: (StreamUpdate) async throws -> Void
    ) async throws -> StreamOutcome {
        var logger = self.logger
        logger[metadataKey: "wallet"] = "\(wallet)"
        var state = StreamState(lastEventID: resumeFrom, follow: follow)
        var failures = 0
        while true {
            let result = try await connect(
                wallet: wallet, batchSize: batchSize, state: &state, logger: logger, handler: handler)
            switch result {
            case .completed(let complete):
                logger.debug(
                    "Stream complete",
                    metadata: [
                        "trades": "\(state.tradesDelivered)", "reconnects": "\(state.reconnects)",
                    ])
                return StreamOutcome(
                    complete: complete,
                    tradesDelivered: state.tradesDelivered,
                    reconnects: state.reconnects,
                    summary: state.summary,
                    lastEventID: state.lastEventID
                )
            case .interrupted(let reason, let madeProgress):
                // Only consecutive fruitless attempts count against the limit: a long stream
                // over a flaky network may reconnect many times while still advancing.
                failures = madeProgress ? 1 : failures + 1
                guard failures <= configuration.maxReconnectAttempts else {
                    logger.debug("Stream gave up reconnecting", metadata: ["reason": "\(reason)"])
                    throw WalletStreamError(
                        code: .streamInterrupted,
                        message:
                            "stream interrupted (\(reason)); gave up after \(configuration.maxReconnectAttempts) reconnection attempts"
                    )
                }
                let delay = configuration.backoff(attempt: failures, serverRetry: state.serverRetry)
                logger.debug(
                    "Stream interrupted, reconnecting",
                    metadata: [
                        "reason": "\(reason)", "attempt": "\(failures)", "delay": "\(delay)",
                        "last_event_id": "\(state.lastEventID ?? "")",
                    ])
                try await handler(.reconnecting(attempt: failures, delay: delay))
                try await Task.sleep(for: delay)
                state.reconnects += 1
            }
        }
    }

    // MARK: - One connection

    /// How one connection ended, when it did not throw.
    enum ConnectionResult {
        case completed(StreamComplete)
        case interrupted(reason: String, madeProgress: Bool)
    }

    /// What survives across the connections of one stream.
    struct StreamState {
        var lastEventID: String?
        var follow = false
        var serverRetry: Duration?
        var lastTradeKey: TradeOrderKey?
        var tradesDelivered = 0
        var reconnects = 0
        var summary: WalletSummary?
    }

    func connect(
        wallet: String,
        batchSize: Int?,
        state: inout StreamState,
        logger: Logger,
        handler: (StreamUpdate) async throws -> Void
    ) async throws -> ConnectionResult {
        let request = makeRequest(
            wallet: wallet, batchSize: batchSize, lastEventID: state.lastEventID, follow: state.follow)
        logger.debug("Stream connecting", metadata: ["last_event_id": "\(state.lastEventID ?? "")"])
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(
                request, timeout: TimeAmount(configuration.responseTimeout), logger: logger)
        } catch {
            try Task.checkCancellation()
            return .interrupted(reason: "connect failed: \(error)", madeProgress: false)
        }
        guard response.status == .ok else {
            return try await httpFailure(response)
        }
        let contentType = response.headers.first(name: "content-type") ?? ""
        guard contentType.lowercased().hasPrefix("text/event-stream") else {
            throw WalletStreamError(
                code: .unexpectedResponse,
                message: "server answered content type '\(contentType)', not text/event-stream")
        }

        let startID = state.lastEventID
        var parser = SSEParser(lastEventID: state.lastEventID ?? "")
        var body = response.body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await body.next()
            } catch {
                try Task.checkCancellation()
                return .interrupted(reason: "connection lost: \(error)", madeProgress: state.lastEventID != startID)
            }
            guard let chunk else {
                return .interrupted(
                    reason: "connection closed before complete", madeProgress: state.lastEventID != startID)
            }
            let comments = parser.commentCount
            let events = parser.parse(chunk)
            if let milliseconds = parser.reconnectionTime { state.serverRetry = .milliseconds(milliseconds) }
            guard parser.bufferedByteCount <= configuration.maxEventBytes else {
                throw WalletStreamError(
                    code: .unexpectedResponse,
                    message: "stream event exceeds \(configuration.maxEventBytes) bytes")
            }
            if parser.commentCount > comments { try await handler(.heartbeat) }
            for event in events {
                if let result = try await deliver(event, state: &state, logger: logger, handler: handler) {
                    if case .interrupted(let reason, _) = result {
                        return .interrupted(reason: reason, madeProgress: state.lastEventID != startID)
                    }
                    return result
                }
                // Advance only after the handler has accepted the event's trades.
                if !event.lastEventID.isEmpty { state.lastEventID = event.lastEventID }
            }
            // An `id:` in a block without data still moves the resume point, per the spec.
            if !parser.lastEventID.isEmpty { state.lastEventID = parser.lastEventID }
        }
    }

    /// Decodes `event` and passes it on; returns a result when the connection should end.
    func deliver(
        _ event: SSEEvent,
        state: inout StreamState,
        logger: Logger,
        handler: (StreamUpdate) async throws -> Void
    ) async throws -> ConnectionResult? {
        guard let name = StreamEventName(rawValue: event.type) else {
            // Unknown events are skipped so that the server can add new ones.
            logger.debug("Stream event ignored", metadata: ["event": "\(event.type)"])
            return nil
        }
        switch name {
        case .connected:
            let connected = try decode(StreamConnected.self, event)
            logger.debug(
                "Stream connected",
                metadata: ["stream_id": "\(connected.streamID)", "total_trades": "\(connected.totalTrades)"])
            try await handler(.connected(connected))
        case .trades:
            let batch = try decode(StreamTrades.self, event)
            var trades = batch.trades
            if let last = state.lastTradeKey {
                // Defence in depth: a server that resumed too early must not cause duplicates.
                let before = trades.count
                trades.removeAll { !(last < $0.orderKey) }
                if trades.count != before {
                    logger.debug("Stream repeated trades, dropped", metadata: ["count": "\(before - trades.count)"])
                }
            }
            if let newest = trades.last {
                state.lastTradeKey = newest.orderKey
                state.tradesDelivered += trades.count
                try await handler(.trades(trades, cursor: event.lastEventID))
            }
        case .progress:
            try await handler(.progress(try decode(StreamProgress.self, event)))
        case .summary:
            let summary = try decode(WalletSummary.self, event)
            state.summary = summary
            let live = try decode(LiveFlag.self, event).live ?? false
            try await handler(live ? .liveSummary(summary) : .summary(summary))
        case .correction:
            let correction = try decode(StreamCorrection.self, event)
            state.tradesDelivered += correction.trades.count
            try await handler(.correction(correction.trades))
        case .complete:
            let complete = try decode(StreamComplete.self, event)
            try await handler(.complete(complete))
            return .completed(complete)
        case .error:
            let error = try decode(ErrorBody.self, event)
            try await handler(.serverError(error))
            guard configuration.retryableErrorCodes.contains(error.code) else {
                throw error.walletStreamError
            }
            return .interrupted(reason: "server error \(error.code)", madeProgress: false)
        }
        return nil
    }

    /// The `live` flag of a following stream's `summary`.
    struct LiveFlag: Decodable {
        var live: Bool?
    }

    func decode<Payload: Decodable>(_ type: Payload.Type, _ event: SSEEvent) throws -> Payload {
        do {
            return try JSONDecoder().decode(type, from: Data(event.data.utf8))
        } catch {
            throw WalletStreamError(
                code: .unexpectedResponse,
                message: "could not decode the '\(event.type)' event: \(error)")
        }
    }

    /// Turns a non-200 answer into an error, or into a retry for transient server failures:
    /// a retryable code, or a 5xx without the service's JSON error body (e.g. from a proxy).
    func httpFailure(_ response: HTTPClientResponse) async throws -> ConnectionResult {
        let status = response.status
        let body = try? await response.body.collect(upTo: configuration.maxErrorBodyBytes)
        let payload = body.flatMap { try? JSONDecoder().decode(ErrorBody.self, from: Data($0.readableBytesView)) }
        if let payload {
            if configuration.retryableErrorCodes.contains(payload.code) {
                return .interrupted(reason: "HTTP \(status.code) \(payload.code)", madeProgress: false)
            }
            throw payload.walletStreamError
        }
        if status.code >= 500 {
            return .interrupted(reason: "HTTP \(status.code)", madeProgress: false)
        }
        throw WalletStreamError(
            code: .unexpectedResponse, message: "server answered HTTP \(status.code) \(status.reasonPhrase)")
    }

    func makeRequest(wallet: String, batchSize: Int?, lastEventID: String?, follow: Bool = false) -> HTTPClientRequest {
        var url = "\(baseURL)/v4/wallet/\(Self.percentEncoded(wallet))/stream"
        var query: [String] = follow ? ["follow=true"] : []
        if let batchSize { query.append("batch_size=\(batchSize)") }
        if let lastEventID, !lastEventID.isEmpty {
            query.append("last_event_id=\(Self.percentEncoded(lastEventID))")
        }
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        request.headers.add(name: "Cache-Control", value: "no-cache")
        if let apiKey = configuration.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let lastEventID, !lastEventID.isEmpty {
            request.headers.add(name: "Last-Event-ID", value: lastEventID)
        }
        return request
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension TimeAmount {
    /// `duration` rounded down to nanoseconds.
    init(_ duration: Duration) {
        self = .nanoseconds(duration.wholeNanoseconds)
    }
}
