import NIOCore
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: APIKeyStore {
    public func createAPIKey(name: String, prefix: String, hash: [UInt8], limits: APIKeyLimits, at time: Int64)
        async throws -> APIKeyRecord
    {
        try await withTransaction { connection in
            // Names are unique among live keys: serialize key creation across nodes.
            try await connection.collect("LOCK TABLE api_keys IN SHARE ROW EXCLUSIVE MODE", logger: self.logger)
            for try await _ in try await connection.collect(
                "SELECT 1 FROM api_keys WHERE name = \(name) AND revoked_at IS NULL", logger: self.logger)
            {
                throw WalletStreamError(code: .invalidParameter, message: "a live key is already named '\(name)'")
            }
            let rows = try await connection.collect(
                """
                INSERT INTO api_keys (name, prefix, hash, requests_per_second, max_streams, syncs_per_hour, created_at)
                VALUES (\(name), \(prefix), \(ByteBuffer(bytes: hash)), \(limits.requestsPerSecond),
                    \(limits.maxStreams.map(Int64.init)), \(limits.syncsPerHour.map(Int64.init)), \(time))
                RETURNING id
                """, logger: self.logger)
            for try await id in rows.decode(Int64.self) {
                return APIKeyRecord(
                    id: id, name: name, prefix: prefix, hash: hash, limits: limits, createdAt: time, revokedAt: nil)
            }
            throw WalletStreamError(code: .internalError, message: "the key could not be stored")
        }
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await apiKeys(where: "ORDER BY id")
    }

    public func revokeAPIKey(_ nameOrPrefix: String, at time: Int64) async throws -> Bool {
        try await withConnection { connection in
            var revoked = false
            for try await _ in try await connection.collect(
                """
                UPDATE api_keys SET revoked_at = \(time)
                WHERE (name = \(nameOrPrefix) OR prefix = \(nameOrPrefix)) AND revoked_at IS NULL
                RETURNING id
                """, logger: self.logger)
            {
                revoked = true
            }
            return revoked
        }
    }

    public func apiKey(prefix: String) async throws -> APIKeyRecord? {
        try await apiKeys(where: "WHERE prefix = \(prefix)").first
    }

    private func apiKeys(where clause: PostgresQuery) async throws -> [APIKeyRecord] {
        try await withConnection { connection in
            var query = clause
            query.sql =
                """
                SELECT id, name, prefix, hash, requests_per_second, max_streams, syncs_per_hour, created_at, revoked_at
                FROM api_keys
                """ + " " + clause.sql
            var keys: [APIKeyRecord] = []
            for try await row in try await connection.collect(query, logger: self.logger) {
                let columns = try row.decode(
                    (Int64, String, String, ByteBuffer, Double?, Int64?, Int64?, Int64, Int64?).self)
                keys.append(
                    APIKeyRecord(
                        id: columns.0, name: columns.1, prefix: columns.2, hash: Array(columns.3.readableBytesView),
                        limits: APIKeyLimits(
                            requestsPerSecond: columns.4, maxStreams: columns.5.map(Int.init),
                            syncsPerHour: columns.6.map(Int.init)),
                        createdAt: columns.7, revokedAt: columns.8))
            }
            return keys
        }
    }
}
