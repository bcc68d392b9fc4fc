import WalletStreamCore

/// `{"error", "code", "request_id"}`: the JSON body of every HTTP error response and the
/// payload of the stream's `error` event.
public struct ErrorBody: Sendable, Equatable, Codable {
    /// Human-readable message.
    public var error: String
    /// Stable machine-readable code, e.g. `SHUTTING_DOWN`.
    public var code: WalletStreamError.Code
    /// The request's `X-Request-ID` (the one it sent, or one the server made), which the server's
    /// log lines for it carry too; absent where no request could be read.
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case error, code
        case requestID = "request_id"
    }

    public init(error: String, code: WalletStreamError.Code, requestID: String? = nil) {
        self.error = error
        self.code = code
        self.requestID = requestID
    }

    /// The wire form of `error` (its message and code; never its underlying error).
    public init(_ error: WalletStreamError, requestID: String? = nil) {
        self.init(error: error.message, code: error.code, requestID: requestID)
    }

    /// The same error as a throwable ``WalletStreamError``.
    public var walletStreamError: WalletStreamError {
        WalletStreamError(code: code, message: error)
    }
}
