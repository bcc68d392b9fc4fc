import Logging
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: SyncStore {
    public func syncState(wallet: WalletAddress) async throws -> SyncState {
        try await withConnection { connection in
            var state = SyncState()
            for try await row in try await connection.collect(
                """
                SELECT s.newest_synced, s.newest_synced_slot, s.run_newest, s.oldest_listed, s.listing_complete,
                    s.last_synced_at
                FROM sync_state s JOIN wallets w ON w.id = s.wallet_id WHERE w.address = \(wallet.rawValue)
                """, logger: self.logger)
            {
                let columns = try row.decode((String?, Int64?, String?, String?, Bool, Int64?).self)
                state.newestSynced = columns.0
                state.newestSyncedSlot = columns.1.map { UInt64(bitPattern: $0) }
                state.runNewest = columns.2
                state.oldestListed = columns.3
                state.listingComplete = columns.4
                state.lastSyncedAt = columns.5
            }
            for try await (pending, oldest) in try await connection.collect(
                """
                SELECT count(*), min(slot) FROM sync_signatures
                WHERE wallet_id + 0 = (SELECT id FROM wallets WHERE address = \(wallet.rawValue)) AND status = 0
                """, logger: self.logger
            ).decode((Int64, Int64?).self) {
                state.pending = Int(pending)
                state.oldestPendingSlot = oldest.map { UInt64(bitPattern: $0) }
            }
            return state
        }
    }

    public func recordListedPage(
        wallet: WalletAddress, signatures: [SignatureRecord], listingComplete: Bool
    ) async throws {
        try await withTransaction { connection in
            let logger = self.logger
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: logger)
            try await connection.collect(
                "INSERT INTO sync_state (wallet_id) VALUES (\(walletID)) ON CONFLICT DO NOTHING", logger: logger)
            if !signatures.isEmpty {
                let rows = try await connection.collect(
                    """
                    INSERT INTO sync_signatures (wallet_id, signature, slot, block_time, status)
                    SELECT \(walletID), i.signature, i.slot, CASE WHEN i.has_time THEN i.time END, i.status
                    FROM unnest(\(signatures.map(\.signature))::text[],
                        \(signatures.map { Int64(bitPattern: $0.slot) })::bigint[],
                        \(signatures.map { $0.blockTime ?? -1 })::bigint[],
                        \(signatures.map { $0.blockTime != nil })::boolean[],
                        \(signatures.map { Int16($0.failed ? 1 : 0) })::smallint[])
                        AS i(signature, slot, time, has_time, status)
                    ON CONFLICT DO NOTHING
                    RETURNING status
                    """, logger: logger)
                var failed = 0
                for try await status in rows.decode(Int16.self) where status == 1 { failed += 1 }
                if failed > 0 {
                    try await Self.addSkips(
                        ["failed": failed], walletID: walletID, connection: connection, logger: logger)
                }
            }
            if let newest = signatures.first {
                try await connection.collect(
                    """
                    UPDATE sync_state SET run_newest = COALESCE(run_newest, \(newest.signature)),
                        run_newest_slot = COALESCE(run_newest_slot, \(Int64(bitPattern: newest.slot)))
                    WHERE wallet_id = \(walletID)
                    """, logger: logger)
            }
            try await connection.collect(
                """
                UPDATE sync_state SET oldest_listed = COALESCE(\(signatures.last?.signature), oldest_listed),
                    listing_complete = \(listingComplete)
                WHERE wallet_id = \(walletID)
                """, logger: logger)
            try await Self.notifySyncProgress(wallet, connection: connection, logger: logger)
        }
    }

    public func pendingSignatures(
        wallet: WalletAddress, after: SignatureRecord?, limit: Int
    ) async throws -> [SignatureRecord] {
        try await withConnection { connection in
            var records: [SignatureRecord] = []
            for try await (signature, slot, blockTime) in try await connection.collect(
                """
                SELECT signature, slot, block_time FROM sync_signatures
                WHERE wallet_id + 0 = (SELECT id FROM wallets WHERE address = \(wallet.rawValue)) AND status = 0
                    AND (slot, signature) > (\(after.map { Int64(bitPattern: $0.slot) } ?? Int64.min),
                        \(after?.signature ?? ""))
                ORDER BY slot, signature LIMIT \(Int64(limit))
                """, logger: self.logger
            ).decode((String, Int64, Int64?).self) {
                records.append(
                    SignatureRecord(
                        signature: signature, slot: UInt64(bitPattern: slot), blockTime: blockTime, failed: false))
            }
            return records
        }
    }

    public func completeBatch(
        wallet: WalletAddress, signatures: [String], trades: [Trade], skipped: [String: Int],
        flows: [TransactionSOLFlow]
    ) async throws -> InsertCounts {
        try await withTransaction { connection in
            let logger = self.logger
            var writer = PostgresTradeWriter(connection: connection, logger: logger)
            try await writer.add(trades, wallet: wallet)
            let walletID = try await writer.walletID(wallet)
            if !signatures.isEmpty {
                try await connection.collect(
                    """
                    UPDATE sync_signatures SET status = 1
                    WHERE wallet_id = \(walletID) AND signature = ANY(\(signatures)::text[])
                    """, logger: logger)
            }
            try await Self.addSkips(skipped, walletID: walletID, connection: connection, logger: logger)
            try await Self.insertSOLFlows(flows, walletID: walletID, connection: connection, logger: logger)
            try await writer.finish()
            try await Self.notifySyncProgress(wallet, connection: connection, logger: logger)
            return writer.counts
        }
    }

    public func finishSync(wallet: WalletAddress, at time: Int64) async throws {
        try await withTransaction { connection in
            let logger = self.logger
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: logger)
            try await connection.collect(
                "INSERT INTO sync_state (wallet_id) VALUES (\(walletID)) ON CONFLICT DO NOTHING", logger: logger)
            try await connection.collect(
                """
                UPDATE sync_state SET newest_synced = COALESCE(run_newest, newest_synced),
                    newest_synced_slot = COALESCE(run_newest_slot, newest_synced_slot),
                    run_newest = NULL, run_newest_slot = NULL, oldest_listed = NULL, listing_complete = false,
                    last_synced_at = \(time)
                WHERE wallet_id = \(walletID)
                """, logger: logger)
            try await Self.notifySyncProgress(wallet, connection: connection, logger: logger)
        }
    }

    /// The channel on which commits of a sync are announced, with the wallet as payload.
    static let syncChannel = "walletstream_sync"

    /// Announces a sync's commit to every node (delivered when the transaction commits).
    static func notifySyncProgress(_ wallet: WalletAddress, connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.collect("SELECT pg_notify(\(syncChannel), \(wallet.rawValue))", logger: logger)
    }

    public func waitForSyncProgress(wallet: WalletAddress, upTo timeout: Duration) async throws -> Bool {
        // A connection held while listening, at most `timeout`: one per wallet being followed.
        try await withConnection(wait: timeout) { connection in
            try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return false
                }
                group.addTask {
                    try await connection.listen(on: Self.syncChannel) { notifications in
                        for try await notification in notifications where notification.payload == wallet.rawValue {
                            return true
                        }
                        return false
                    }
                }
                defer { group.cancelAll() }
                return try await group.next() ?? false
            }
        }
    }

    public func announceTrades(of wallet: WalletAddress) async throws {
        try await withConnection { connection in
            try await Self.notifySyncProgress(wallet, connection: connection, logger: self.logger)
        }
    }

    public func watchStoredTrades(_ stored: @escaping @Sendable (WalletAddress) -> Void) async throws {
        // Its own connection, outside the pool: it is held for as long as the node runs.
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.any(),
            configuration: try PostgresConnection.Configuration(location),
            id: 0, logger: logger
        ).get()
        do {
            try await connection.listen(on: Self.syncChannel) { notifications in
                for try await notification in notifications {
                    guard let wallet = try? WalletAddress(validating: notification.payload) else { continue }
                    stored(wallet)
                }
            }
        } catch {
            try? await connection.close()
            throw storeError(error)
        }
        try? await connection.close()
    }

    public func skipCounts(wallet: WalletAddress) async throws -> [String: Int] {
        try await withConnection { connection in
            var counts: [String: Int] = [:]
            for try await (reason, count) in try await connection.collect(
                """
                SELECT reason, count FROM sync_skips
                WHERE wallet_id = (SELECT id FROM wallets WHERE address = \(wallet.rawValue))
                """, logger: self.logger
            ).decode((String, Int64).self) {
                counts[reason] = Int(count)
            }
            return counts
        }
    }

    public func solFlow(wallet: WalletAddress, signature: String) async throws -> TransactionSOLFlow? {
        try await withConnection { connection in
            var flow: TransactionSOLFlow?
            for try await (change, swap, fee, paid, other, basisText) in try await connection.collect(
                """
                SELECT wallet_change, swap_sol, fee, wallet_paid_fee, other_sol, basis FROM sol_flows
                WHERE wallet_id = (SELECT id FROM wallets WHERE address = \(wallet.rawValue))
                    AND signature = \(signature)
                """, logger: self.logger
            ).decode((Int64, Int64, Int64, Bool, Int64, String).self) {
                guard let basis = TransactionSOLFlow.Basis(rawValue: basisText) else { continue }
                flow = TransactionSOLFlow(
                    signature: signature, walletSOLChange: change, swapSOL: swap, fee: fee, walletPaidFee: paid,
                    other: other, basis: basis)
            }
            return flow
        }
    }

    public func acquireSyncLease(wallet: WalletAddress, owner: String, for duration: Duration) async throws -> Bool {
        let milliseconds = Int64((duration / .milliseconds(1)).rounded(.up))
        return try await withTransaction { connection in
            let logger = self.logger
            let walletID = try await PostgresTradeWriter.walletID(wallet, connection: connection, logger: logger)
            // Taken when free or expired, renewed by its owner; the database's clock decides,
            // so nodes' clocks need not agree.
            let rows = try await connection.collect(
                """
                INSERT INTO sync_leases (wallet_id, owner, expires_at)
                VALUES (\(walletID), \(owner), clock_timestamp() + \(milliseconds) * interval '1 millisecond')
                ON CONFLICT (wallet_id) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
                    WHERE sync_leases.owner = EXCLUDED.owner OR sync_leases.expires_at < clock_timestamp()
                RETURNING owner
                """, logger: logger)
            var held = false
            for try await _ in rows { held = true }
            return held
        }
    }

    public func releaseSyncLease(wallet: WalletAddress, owner: String) async throws {
        try await withConnection { connection in
            try await connection.collect(
                """
                DELETE FROM sync_leases
                WHERE wallet_id = (SELECT id FROM wallets WHERE address = \(wallet.rawValue)) AND owner = \(owner)
                """, logger: self.logger)
        }
    }

    /// Stores SOL flows; one already stored for its signature is left as it is.
    static func insertSOLFlows(
        _ flows: [TransactionSOLFlow], walletID: Int64, connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !flows.isEmpty else { return }
        try await connection.collect(
            """
            INSERT INTO sol_flows (wallet_id, signature, wallet_change, swap_sol, fee, wallet_paid_fee, other_sol,
                basis)
            SELECT \(walletID), f.* FROM unnest(\(flows.map(\.signature))::text[],
                \(flows.map(\.walletSOLChange))::bigint[], \(flows.map(\.swapSOL))::bigint[],
                \(flows.map(\.fee))::bigint[], \(flows.map(\.walletPaidFee))::boolean[],
                \(flows.map(\.other))::bigint[], \(flows.map(\.basis.rawValue))::text[]) AS f
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    static func addSkips(
        _ skipped: [String: Int], walletID: Int64, connection: PostgresConnection, logger: Logger
    ) async throws {
        let counts = skipped.filter { $0.value > 0 }
        guard !counts.isEmpty else { return }
        try await connection.collect(
            """
            INSERT INTO sync_skips (wallet_id, reason, count)
            SELECT \(walletID), s.reason, s.count
            FROM unnest(\(Array(counts.keys))::text[], \(counts.values.map { Int64($0) })::bigint[]) AS s(reason, count)
            ON CONFLICT (wallet_id, reason) DO UPDATE SET count = sync_skips.count + EXCLUDED.count
            """, logger: logger)
    }
}
