/// Whether requests need an API key.
public enum AuthMode: String, Sendable, CaseIterable {
    /// Every `/v4` route and `/metrics` need a live key.
    case required
    /// No key is asked for; limits apply per client address.
    case off

    /// The default for a bind address: `required` unless the server listens on loopback only.
    public static func defaultMode(host: String) -> AuthMode {
        ["127.0.0.1", "::1", "localhost"].contains(host) ? .off : .required
    }
}
