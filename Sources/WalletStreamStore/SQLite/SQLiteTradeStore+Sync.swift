import GRDB
import WalletStreamCore

extension SQLiteTradeStore: SyncStore {
    public func syncState(wallet: WalletAddress) async throws -> SyncState {
        try await read { db in
            var state = SyncState()
            guard let walletID = try Self.walletID(wallet, db: db) else { return state }
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT newest_synced, newest_synced_slot, run_newest, oldest_listed, listing_complete, last_synced_at
                    FROM sync_state WHERE wallet_id = ?
                    """, arguments: [walletID])
            {
                state.newestSynced = row[0]
                state.newestSyncedSlot = (row[1] as Int64?).map { UInt64(bitPattern: $0) }
                state.runNewest = row[2]
                state.oldestListed = row[3]
                state.listingComplete = row[4]
                state.lastSyncedAt = row[5]
            }
            if let row = try Row.fetchOne(
                db, sql: "SELECT count(*), min(slot) FROM sync_signatures WHERE wallet_id = ? AND status = 0",
                arguments: [walletID])
            {
                state.pending = row[0]
                state.oldestPendingSlot = (row[1] as Int64?).map { UInt64(bitPattern: $0) }
            }
            return state
        }
    }

    public func recordListedPage(
        wallet: WalletAddress, signatures: [SignatureRecord], listingComplete: Bool
    ) async throws {
        try await write { db in
            let walletID = try Self.ensureWallet(wallet, db: db)
            try db.execute(
                sql: "INSERT INTO sync_state (wallet_id) VALUES (?) ON CONFLICT DO NOTHING", arguments: [walletID])
            var failed = 0
            for record in signatures {
                try db.execute(
                    sql: """
                        INSERT INTO sync_signatures (wallet_id, signature, slot, block_time, status)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """,
                    arguments: [
                        walletID, record.signature, Int64(bitPattern: record.slot), record.blockTime,
                        record.failed ? 1 : 0,
                    ])
                if record.failed, db.changesCount > 0 { failed += 1 }
            }
            if failed > 0 { try Self.addSkips(["failed": failed], walletID: walletID, db: db) }
            if let newest = signatures.first {
                try db.execute(
                    sql: """
                        UPDATE sync_state SET run_newest = coalesce(run_newest, ?),
                            run_newest_slot = coalesce(run_newest_slot, ?) WHERE wallet_id = ?
                        """, arguments: [newest.signature, Int64(bitPattern: newest.slot), walletID])
            }
            try db.execute(
                sql: """
                    UPDATE sync_state SET oldest_listed = coalesce(?, oldest_listed), listing_complete = ?
                    WHERE wallet_id = ?
                    """, arguments: [signatures.last?.signature, listingComplete, walletID])
        }
    }

    public func pendingSignatures(
        wallet: WalletAddress, after: SignatureRecord?, limit: Int
    ) async throws -> [SignatureRecord] {
        try await read { db in
            guard let walletID = try Self.walletID(wallet, db: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT signature, slot, block_time FROM sync_signatures
                    WHERE wallet_id = ?1 AND status = 0 AND (slot, signature) > (?2, ?3)
                    ORDER BY slot, signature LIMIT ?4
                    """,
                arguments: [
                    walletID, after.map { Int64(bitPattern: $0.slot) } ?? Int64.min, after?.signature ?? "", limit,
                ]
            ).map { row in
                SignatureRecord(
                    signature: row[0], slot: UInt64(bitPattern: row[1]), blockTime: row[2], failed: false)
            }
        }
    }

    public func completeBatch(
        wallet: WalletAddress, signatures: [String], trades: [Trade], skipped: [String: Int],
        flows: [TransactionSOLFlow]
    ) async throws -> InsertCounts {
        try await insertAtomically { sink in
            for trade in trades { try sink.add(trade, wallet: wallet) }
            guard let writer = sink as? SQLiteTradeWriter else { return }
            try writer.withDatabase { db, walletID in
                let walletID = try walletID(wallet)
                for signature in signatures {
                    try db.execute(
                        sql: "UPDATE sync_signatures SET status = 1 WHERE wallet_id = ? AND signature = ?",
                        arguments: [walletID, signature])
                }
                try Self.addSkips(skipped, walletID: walletID, db: db)
                for flow in flows {
                    try db.execute(
                        sql: """
                            INSERT INTO sol_flows (wallet_id, signature, wallet_change, swap_sol, fee, wallet_paid_fee,
                                other_sol, basis)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                            """,
                        arguments: [
                            walletID, flow.signature, flow.walletSOLChange, flow.swapSOL, flow.fee, flow.walletPaidFee,
                            flow.other, flow.basis.rawValue,
                        ])
                }
            }
        }
    }

    public func finishSync(wallet: WalletAddress, at time: Int64) async throws {
        try await write { db in
            let walletID = try Self.ensureWallet(wallet, db: db)
            try db.execute(
                sql: "INSERT INTO sync_state (wallet_id) VALUES (?) ON CONFLICT DO NOTHING", arguments: [walletID])
            try db.execute(
                sql: """
                    UPDATE sync_state SET newest_synced = coalesce(run_newest, newest_synced),
                        newest_synced_slot = coalesce(run_newest_slot, newest_synced_slot),
                        run_newest = NULL, run_newest_slot = NULL, oldest_listed = NULL, listing_complete = 0,
                        last_synced_at = ?
                    WHERE wallet_id = ?
                    """, arguments: [time, walletID])
        }
    }

    public func skipCounts(wallet: WalletAddress) async throws -> [String: Int] {
        try await read { db in
            guard let walletID = try Self.walletID(wallet, db: db) else { return [:] }
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT reason, count FROM sync_skips WHERE wallet_id = ?", arguments: [walletID])
            {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    public func solFlow(wallet: WalletAddress, signature: String) async throws -> TransactionSOLFlow? {
        try await read { db in
            guard let walletID = try Self.walletID(wallet, db: db),
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT wallet_change, swap_sol, fee, wallet_paid_fee, other_sol, basis FROM sol_flows
                        WHERE wallet_id = ? AND signature = ?
                        """, arguments: [walletID, signature]),
                let basis = TransactionSOLFlow.Basis(rawValue: row[5])
            else { return nil }
            return TransactionSOLFlow(
                signature: signature, walletSOLChange: row[0], swapSOL: row[1], fee: row[2], walletPaidFee: row[3],
                other: row[4], basis: basis)
        }
    }

    static func addSkips(_ skipped: [String: Int], walletID: Int64, db: Database) throws {
        for (reason, count) in skipped where count > 0 {
            try db.execute(
                sql: """
                    INSERT INTO sync_skips (wallet_id, reason, count) VALUES (?, ?, ?)
                    ON CONFLICT DO UPDATE SET count = count + excluded.count
                    """, arguments: [walletID, reason, count])
        }
    }

    static func walletID(_ wallet: WalletAddress, db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM wallets WHERE address = ?", arguments: [wallet.rawValue])
    }

    static func ensureWallet(_ wallet: WalletAddress, db: Database) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO wallets (address) VALUES (?) ON CONFLICT DO NOTHING", arguments: [wallet.rawValue])
        guard let id = try walletID(wallet, db: db) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "wallet row vanished")
        }
        return id
    }
}
