/// Why one upstream request failed, and whether trying again can help.
struct UpstreamFailure: Error, CustomStringConvertible {
    enum Kind: String {
        case rateLimited = "rate_limited"
        case serverError = "server_error"
        case timeout
        case connection
        case malformedBody = "malformed_body"
        case clientError = "client_error"
    }

    var kind: Kind
    var status: Int?
    /// Seconds the provider asked to wait (`Retry-After`).
    var retryAfter: Double?
    var detail: String

    var isRetryable: Bool { kind != .clientError }

    var description: String {
        status.map { "\(kind.rawValue) (HTTP \($0)): \(detail)" } ?? "\(kind.rawValue): \(detail)"
    }
}
