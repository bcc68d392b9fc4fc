import Synchronization
import WalletStreamStore

/// Stored API keys by prefix, each kept for `lifetime` after it was read (unknown prefixes too),
/// so that a request costs a hash and a dictionary lookup, not a store read. A key revoked in the
/// store is refused once its entry is older than `lifetime`.
final class APIKeyCache: Sendable {
    private struct Entry {
        var record: APIKeyRecord?
        var read: ContinuousClock.Instant
    }

    private let keys: any APIKeyStore
    private let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])
    /// Past this many entries (a client trying made-up prefixes) the cache starts over.
    private let capacity = 10_000

    init(keys: any APIKeyStore, lifetime: Duration = .seconds(1)) {
        self.keys = keys
        self.lifetime = lifetime
    }

    func record(prefix: String) async throws -> APIKeyRecord? {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[prefix] }), now - entry.read < lifetime { return entry.record }
        let record = try await keys.apiKey(prefix: prefix)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[prefix] = Entry(record: record, read: now)
        }
        return record
    }
}
