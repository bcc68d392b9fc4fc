import WalletStreamCore

/// The JSON body of every error response and of the stream's `error` event.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var code: String

    public init(error: String, code: String) {
        self.error = error
        self.code = code
    }
}
