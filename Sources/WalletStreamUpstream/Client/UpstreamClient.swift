import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import WalletStreamCore
import WalletStreamHelius
import WalletStreamStore

/// The chain-data provider over AsyncHTTPClient: Solana JSON-RPC `getSignaturesForAddress` and
/// Helius `POST /v0/transactions`, rate-limited, with bounded retries (exponential backoff with
/// jitter, honouring `Retry-After`) on 429, 5xx, timeouts, connection errors and truncated or
/// malformed bodies. The API key goes only into request URLs, never into logs or errors.
public struct UpstreamClient: Sendable {
    let http: HTTPClient
    public let configuration: UpstreamConfiguration
    let limiter: RateLimiter
    public let stats: UpstreamStats
    let metrics = UpstreamMetrics()
    let logger: Logger

    public init(
        http: HTTPClient, configuration: UpstreamConfiguration,
        logger: Logger = Logger(label: "walletstream.upstream", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.http = http
        self.configuration = configuration
        limiter = RateLimiter(requestsPerSecond: configuration.requestsPerSecond)
        stats = UpstreamStats()
        self.logger = logger
    }

    /// One page of the wallet's signatures, newest first: those older than `before` and newer
    /// than `until`.
    public func signatures(
        for wallet: WalletAddress, before: String?, until: String?
    ) async throws -> [SignatureRecord] {
        let body = try JSONEncoder().encode(
            SignaturesRequest(
                params: (wallet.rawValue, .init(limit: configuration.signaturePageSize, before: before, until: until))))
        let response = try await send(
            url: withKey(configuration.rpcURL), what: "getSignaturesForAddress", body: Array(body)
        ) { bytes in
            let decoded = try JSONDecoder().decode(SignaturesResponse.self, from: Data(bytes))
            if let error = decoded.error {
                // -32005 (node behind) and -32603 (internal) are the provider's trouble, not ours.
                let retryable = error.code == -32005 || error.code == -32603 || error.code == 429
                throw UpstreamFailure(
                    kind: retryable ? .serverError : .clientError, status: nil, retryAfter: nil,
                    detail: "JSON-RPC error \(error.code): \(error.message)")
            }
            guard let result = decoded.result else {
                throw UpstreamFailure(kind: .malformedBody, detail: "JSON-RPC response has neither result nor error")
            }
            return result
        }
        return response.map {
            SignatureRecord(
                signature: $0.signature, slot: $0.slot, blockTime: $0.blockTime, failed: $0.err?.isPresent ?? false)
        }
    }

    /// The enhanced transactions of up to 100 signatures, in the order asked. A response that
    /// misses one is retried like a truncated body: history is never silently shortened.
    public func transactions(_ signatures: [String]) async throws -> [HeliusTransaction] {
        precondition(signatures.count <= 100, "Helius takes at most 100 signatures per request")
        let body = try JSONEncoder().encode(["transactions": signatures])
        let url = withKey(configuration.apiURL + "/v0/transactions")
        return try await send(url: url, what: "transactions", body: Array(body)) { bytes in
            let decoded = try JSONDecoder().decode([HeliusTransaction].self, from: Data(bytes))
            var bySignature: [String: HeliusTransaction] = [:]
            for transaction in decoded { bySignature[transaction.signature] = transaction }
            let ordered = signatures.compactMap { bySignature[$0] }
            guard ordered.count == signatures.count else {
                throw UpstreamFailure(
                    kind: .malformedBody,
                    detail: "asked for \(signatures.count) transactions, got \(ordered.count) of them")
            }
            return ordered
        }
    }

    /// Metadata of up to ``UpstreamConfiguration/assetBatchSize`` mints from the DAS API's
    /// `getAssetBatch`, one entry per mint asked (an unknown mint's has no symbol and no name),
    /// its text cleaned (``TokenText``). Retried like every other request.
    public func assets(_ mints: [String], at time: Int64) async throws -> [TokenMetadata] {
        precondition(mints.count <= configuration.assetBatchSize, "getAssetBatch takes at most 1,000 ids")
        guard !mints.isEmpty else { return [] }
        let body = try JSONEncoder().encode(AssetBatchRequest(params: .init(ids: mints)))
        let assets = try await send(url: withKey(configuration.rpcURL), what: "getAssetBatch", body: Array(body)) {
            bytes in
            // Symbols are anyone's bytes: invalid UTF-8 becomes U+FFFD (removed when cleaned)
            // instead of failing the whole batch.
            let text = String(decoding: bytes, as: UTF8.self)
            let decoded = try JSONDecoder().decode(AssetBatchResponse.self, from: Data(text.utf8))
            if let error = decoded.error {
                let retryable = error.code == -32005 || error.code == -32603 || error.code == 429
                throw UpstreamFailure(
                    kind: retryable ? .serverError : .clientError, status: nil, retryAfter: nil,
                    detail: "JSON-RPC error \(error.code): \(error.message)")
            }
            guard let result = decoded.result, result.count == mints.count else {
                throw UpstreamFailure(kind: .malformedBody, detail: "getAssetBatch answered another number of assets")
            }
            return result
        }
        return zip(mints, assets).map { mint, asset in
            guard let asset, asset.id == mint else { return TokenMetadata(mint: mint, fetchedAt: time) }
            let price = asset.tokenInfo?.priceInfo.flatMap { info -> Amount? in
                guard let value = info.pricePerToken, ["USD", "USDC"].contains(info.currency?.uppercased() ?? "")
                else { return nil }
                return Amount("\(value)")
            }
            return TokenMetadata(
                mint: mint,
                symbol: TokenText.symbol(asset.tokenInfo?.symbol) ?? TokenText.symbol(asset.content?.metadata?.symbol),
                name: TokenText.name(asset.content?.metadata?.name), decimals: asset.tokenInfo?.decimals,
                priceUSD: price, fetchedAt: time)
        }
    }

    private func withKey(_ url: String) -> String {
        guard let key = configuration.apiKey, !key.isEmpty else { return url }
        let encoded = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return url + (url.contains("?") ? "&" : "?") + "api-key=" + encoded
    }

    /// Sends a request (see ``perform(url:what:body:headers:)``) with retries; `decode` runs on
    /// each complete body, and a decoding failure counts as a malformed body (retried).
    func send<T>(
        url: String, what: String, body: [UInt8]?, headers: [(String, String)] = [], decode: ([UInt8]) throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await limiter.acquire()
                stats.requestSent()
                let bytes = try await perform(url: url, what: what, body: body, headers: headers)
                do {
                    return try decode(bytes)
                } catch let failure as UpstreamFailure {
                    throw failure
                } catch {
                    throw UpstreamFailure(kind: .malformedBody, detail: "undecodable \(what) response")
                }
            } catch let failure as UpstreamFailure {
                guard failure.isRetryable, attempt < configuration.maxAttempts else {
                    // What went wrong (a rejected key, say) is for the operator's log, not for clients.
                    throw WalletStreamError(
                        code: .upstreamUnavailable,
                        message:
                            "the chain data provider failed the \(what) request after \(attempt) attempt\(attempt == 1 ? "" : "s")",
                        underlying: failure)
                }
                stats.retried(failure.kind.rawValue)
                metrics.retry(failure.kind.rawValue)
                let delay = backoff(attempt: attempt, retryAfter: failure.retryAfter)
                if failure.kind == .rateLimited {
                    limiter.pause(for: delay)
                    metrics.rateLimitedWait.increment(by: delay.seconds)
                }
                logger.debug(
                    "upstream request failed, retrying",
                    metadata: [
                        "request": "\(what)", "attempt": "\(attempt)", "reason": "\(failure.kind.rawValue)",
                        "delay_ms": "\(delay.wholeMilliseconds)",
                    ])
                try await Task.sleep(for: delay)
            }
        }
    }

    /// POSTs `body` as JSON, or GETs when there is none.
    private func perform(url: String, what: String, body: [UInt8]?, headers: [(String, String)]) async throws
        -> [UInt8]
    {
        var request = HTTPClientRequest(url: url)
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let timeout = TimeAmount.nanoseconds(configuration.requestTimeout.wholeNanoseconds)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout, logger: logger)
        } catch {
            metrics.request(what, status: "error")
            throw Self.classify(error)
        }
        let status = Int(response.status.code)
        metrics.request(what, status: "\(status)")
        let retryAfter = response.headers.first(name: "Retry-After").flatMap(Double.init)
        let collected: ByteBuffer
        do {
            collected = try await response.body.collect(upTo: 64 * 1024 * 1024)
        } catch {
            throw Self.classify(error, reading: true)
        }
        switch status {
        case 200..<300:
            return Array(collected.readableBytesView)
        case 429:
            throw UpstreamFailure(kind: .rateLimited, status: status, retryAfter: retryAfter, detail: "rate limited")
        case 500...:
            throw UpstreamFailure(kind: .serverError, status: status, retryAfter: retryAfter, detail: "server error")
        default:
            throw UpstreamFailure(
                kind: .clientError, status: status, retryAfter: nil,
                detail: status == 401 || status == 403 ? "rejected: check HELIUS_API_KEY" : "request rejected")
        }
    }

    /// Timeouts and connection errors are retryable; cancellation is not an upstream failure.
    static func classify(_ error: any Error, reading: Bool = false) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                return UpstreamFailure(kind: .timeout, detail: "no answer in time")
            case .cancelled:
                return CancellationError()
            default:
                break
            }
        }
        return UpstreamFailure(
            kind: .connection, detail: reading ? "connection lost while reading the body" : "connection failed")
    }

    func backoff(attempt: Int, retryAfter: Double?) -> Duration {
        let exponent = min(attempt - 1, 16)
        let base = configuration.baseBackoff * (1 << exponent)
        let capped = min(base, configuration.maxBackoff)
        let jittered = capped * Double.random(in: 0.5...1.0)
        if let retryAfter, retryAfter > 0 { return max(jittered, .milliseconds(Int64(retryAfter * 1000))) }
        return jittered
    }
}
