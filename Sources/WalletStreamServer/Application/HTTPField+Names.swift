import HTTPTypes

extension HTTPField.Name {
    /// The SSE resume header.
    static let lastEventID = literal("Last-Event-ID")
    /// Tells nginx-style proxies not to buffer the stream.
    static let accelBuffering = literal("X-Accel-Buffering")

    private static func literal(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("invalid header name \(name)") }
        return field
    }
}
