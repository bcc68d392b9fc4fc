import WalletStreamCore

/// `{"error", "code"}`: the JSON body of every HTTP error response and the payload of the
/// stream's `error` event.
public struct ErrorBody: Sendable, Equatable, Codable {
    /// Human-readable message.
    public var error: String
    /// Stable machine-readable code, e.g. `SHUTTING_DOWN`.
    public var code: WalletStreamError.Code

    public init(error: String, code: WalletStreamError.Code) {
        self.error = error
        self.code = code
    }

    /// The wire form of `error` (its message and code; never its underlying error).
    public init(_ error: WalletStreamError) {
        self.init(error: error.message, code: error.code)
    }

    /// The same error as a throwable ``WalletStreamError``.
    public var walletStreamError: WalletStreamError {
        WalletStreamError(code: code, message: error)
    }
}
