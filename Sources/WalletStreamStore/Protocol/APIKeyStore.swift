/// The limits an API key's holder gets; nil fields take the server's defaults.
public struct APIKeyLimits: Sendable, Hashable, Codable {
    /// Requests per second (token bucket; bursts up to twice this).
    public var requestsPerSecond: Double?
    /// Streams open at once.
    public var maxStreams: Int?
    /// On-demand chain syncs started per hour (the operator's upstream quota).
    public var syncsPerHour: Int?

    public init(requestsPerSecond: Double? = nil, maxStreams: Int? = nil, syncsPerHour: Int? = nil) {
        self.requestsPerSecond = requestsPerSecond
        self.maxStreams = maxStreams
        self.syncsPerHour = syncsPerHour
    }
}

/// A stored API key: never the key itself, only its public prefix and the SHA-256 of the whole
/// key.
public struct APIKeyRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    /// The key's public part (`wsk_<prefix>_…`): how the key is found and shown.
    public var prefix: String
    public var hash: [UInt8]
    public var limits: APIKeyLimits
    /// Unix seconds.
    public var createdAt: Int64
    public var revokedAt: Int64?

    public init(
        id: Int64, name: String, prefix: String, hash: [UInt8], limits: APIKeyLimits, createdAt: Int64,
        revokedAt: Int64?
    ) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.hash = hash
        self.limits = limits
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Persistence of API keys.
public protocol APIKeyStore: Sendable {
    /// Stores a new key; a name already in use among live keys is an `INVALID_PARAMETER` error.
    func createAPIKey(name: String, prefix: String, hash: [UInt8], limits: APIKeyLimits, at time: Int64)
        async throws -> APIKeyRecord
    /// Every key, revoked ones included, oldest first.
    func apiKeys() async throws -> [APIKeyRecord]
    /// Revokes the live key named `nameOrPrefix` (or with that prefix); false when there is none.
    func revokeAPIKey(_ nameOrPrefix: String, at time: Int64) async throws -> Bool
    /// The key with `prefix`, revoked or not.
    func apiKey(prefix: String) async throws -> APIKeyRecord?
}
