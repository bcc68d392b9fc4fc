import Foundation
import GRDB
import WalletStreamCore

extension SQLiteTradeStore: APIKeyStore {
    public func createAPIKey(name: String, prefix: String, hash: [UInt8], limits: APIKeyLimits, at time: Int64)
        async throws -> APIKeyRecord
    {
        try await write { db in
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM api_keys WHERE name = ? AND revoked_at IS NULL)",
                arguments: [name])
            if taken == true {
                throw WalletStreamError(code: .invalidParameter, message: "a live key is already named '\(name)'")
            }
            try db.execute(
                sql: """
                    INSERT INTO api_keys (name, prefix, hash, requests_per_second, max_streams, syncs_per_hour,
                        created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    name, prefix, Data(hash), limits.requestsPerSecond, limits.maxStreams, limits.syncsPerHour, time,
                ])
            return APIKeyRecord(
                id: db.lastInsertedRowID, name: name, prefix: prefix, hash: hash, limits: limits, createdAt: time,
                revokedAt: nil)
        }
    }

    public func apiKeys() async throws -> [APIKeyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.apiKeyColumns) FROM api_keys ORDER BY id").map(Self.apiKey)
        }
    }

    public func revokeAPIKey(_ nameOrPrefix: String, at time: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = ? WHERE (name = ? OR prefix = ?) AND revoked_at IS NULL",
                arguments: [time, nameOrPrefix, nameOrPrefix])
            return db.changesCount > 0
        }
    }

    public func apiKey(prefix: String) async throws -> APIKeyRecord? {
        try await readInline { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.apiKeyColumns) FROM api_keys WHERE prefix = ?", arguments: [prefix]
            )
            .map(Self.apiKey)
        }
    }

    static let apiKeyColumns =
        "id, name, prefix, hash, requests_per_second, max_streams, syncs_per_hour, created_at, revoked_at"

    static func apiKey(_ row: Row) -> APIKeyRecord {
        let hash: Data = row["hash"]
        return APIKeyRecord(
            id: row["id"], name: row["name"], prefix: row["prefix"], hash: [UInt8](hash),
            limits: APIKeyLimits(
                requestsPerSecond: row["requests_per_second"], maxStreams: row["max_streams"],
                syncsPerHour: row["syncs_per_hour"]),
            createdAt: row["created_at"], revokedAt: row["revoked_at"])
    }
}
