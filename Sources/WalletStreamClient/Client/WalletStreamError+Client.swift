import WalletStreamCore

extension WalletStreamError.Code {
    /// The server answered something that is not the stream contract (wrong content type,
    /// undecodable event, oversized event).
    public static let unexpectedResponse = WalletStreamError.Code(rawValue: "UNEXPECTED_RESPONSE")
    /// The connection kept dropping and the client ran out of reconnection attempts.
    public static let streamInterrupted = WalletStreamError.Code(rawValue: "STREAM_INTERRUPTED")
}
