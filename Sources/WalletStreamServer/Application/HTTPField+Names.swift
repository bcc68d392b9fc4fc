import HTTPTypes

extension HTTPField.Name {
    /// The SSE resume header.
    static let lastEventID = literal("Last-Event-ID")
    /// Tells nginx-style proxies not to buffer the stream.
    static let accelBuffering = literal("X-Accel-Buffering")
    /// A request's id, sent by the client or made by the server (``RequestIDMiddleware``).
    static let requestID = literal("X-Request-ID")
    /// An API key, for clients that do not send `Authorization: Bearer`.
    static let apiKey = literal("X-API-Key")

    private static func literal(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}
