import WalletStreamStore

/// Who a request's limits are counted for: its API key, or its address when auth is off.
public enum ClientIdentity: Sendable, Hashable {
    case key(id: Int64, name: String, limits: APIKeyLimits)
    case address(String)

    /// The key of the limiter's tables.
    var limitKey: String {
        switch self {
        case .key(let id, _, _): "key:\(id)"
        case .address(let address): "ip:\(address)"
        }
    }

    /// The key's own limits (none for an address).
    var keyLimits: APIKeyLimits? {
        if case .key(_, _, let limits) = self { return limits }
        return nil
    }
}
