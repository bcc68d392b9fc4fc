import NIOCore
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: SyncRecordSink {
    public func putSyncCheckpoint(_ checkpoint: SyncCheckpoint, wallet: WalletAddress) async throws {
        try await withTransaction { connection in
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: self.logger)
            try await connection.collect(
                """
                INSERT INTO sync_state (wallet_id, newest_synced, newest_synced_slot, run_newest, run_newest_slot,
                    oldest_listed, listing_complete, last_synced_at)
                VALUES (\(walletID), \(checkpoint.newestSynced),
                    \(checkpoint.newestSyncedSlot.map { Int64(bitPattern: $0) }), \(checkpoint.runNewest),
                    \(checkpoint.runNewestSlot.map { Int64(bitPattern: $0) }), \(checkpoint.oldestListed),
                    \(checkpoint.listingComplete), \(checkpoint.lastSyncedAt))
                ON CONFLICT (wallet_id) DO UPDATE SET newest_synced = EXCLUDED.newest_synced,
                    newest_synced_slot = EXCLUDED.newest_synced_slot, run_newest = EXCLUDED.run_newest,
                    run_newest_slot = EXCLUDED.run_newest_slot, oldest_listed = EXCLUDED.oldest_listed,
                    listing_complete = EXCLUDED.listing_complete, last_synced_at = EXCLUDED.last_synced_at
                """, logger: self.logger)
        }
    }

    public func putListedSignatures(_ signatures: [ListedSignature], wallet: WalletAddress) async throws {
        guard !signatures.isEmpty else { return }
        try await withTransaction { connection in
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: self.logger)
            try await connection.collect(
                """
                INSERT INTO sync_signatures (wallet_id, signature, slot, block_time, status)
                SELECT \(walletID), i.signature, i.slot, CASE WHEN i.has_time THEN i.time END, i.status
                FROM unnest(\(signatures.map(\.record.signature))::text[],
                    \(signatures.map { Int64(bitPattern: $0.record.slot) })::bigint[],
                    \(signatures.map { $0.record.blockTime ?? -1 })::bigint[],
                    \(signatures.map { $0.record.blockTime != nil })::boolean[],
                    \(signatures.map { Int16($0.done ? 1 : 0) })::smallint[])
                    AS i(signature, slot, time, has_time, status)
                ON CONFLICT (wallet_id, signature) DO UPDATE
                    SET status = GREATEST(sync_signatures.status, EXCLUDED.status)
                """, logger: self.logger)
        }
    }

    public func putSOLFlows(_ flows: [TransactionSOLFlow], wallet: WalletAddress) async throws {
        guard !flows.isEmpty else { return }
        try await withTransaction { connection in
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: self.logger)
            try await Self.insertSOLFlows(flows, walletID: walletID, connection: connection, logger: self.logger)
        }
    }

    public func putSkipCounts(_ counts: [String: Int], wallet: WalletAddress) async throws {
        guard !counts.isEmpty else { return }
        try await withTransaction { connection in
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: self.logger)
            try await connection.collect(
                """
                INSERT INTO sync_skips (wallet_id, reason, count)
                SELECT \(walletID), s.reason, s.count
                FROM unnest(\(Array(counts.keys))::text[], \(counts.values.map { Int64($0) })::bigint[])
                    AS s(reason, count)
                ON CONFLICT (wallet_id, reason) DO UPDATE SET count = EXCLUDED.count
                """, logger: self.logger)
        }
    }

    public func putAPIKey(_ record: APIKeyRecord) async throws -> Bool {
        try await withConnection { connection in
            var added = false
            for try await _ in try await connection.collect(
                """
                INSERT INTO api_keys (name, prefix, hash, requests_per_second, max_streams, syncs_per_hour, created_at,
                    revoked_at)
                VALUES (\(record.name), \(record.prefix), \(ByteBuffer(bytes: record.hash)),
                    \(record.limits.requestsPerSecond), \(record.limits.maxStreams.map(Int64.init)),
                    \(record.limits.syncsPerHour.map(Int64.init)), \(record.createdAt), \(record.revokedAt))
                ON CONFLICT (prefix) DO NOTHING
                RETURNING id
                """, logger: self.logger)
            {
                added = true
            }
            return added
        }
    }
}
