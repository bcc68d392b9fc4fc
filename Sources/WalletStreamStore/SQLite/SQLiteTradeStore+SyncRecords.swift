import GRDB
import WalletStreamCore

extension SQLiteTradeStore: SyncRecordSource {
    public func syncCheckpoint(wallet: WalletAddress) async throws -> SyncCheckpoint? {
        try await read { db in
            guard let walletID = try Self.walletID(wallet, db: db),
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT newest_synced, newest_synced_slot, run_newest, run_newest_slot, oldest_listed,
                            listing_complete, last_synced_at
                        FROM sync_state WHERE wallet_id = ?
                        """, arguments: [walletID])
            else { return nil }
            return SyncCheckpoint(
                newestSynced: row[0], newestSyncedSlot: (row[1] as Int64?).map { UInt64(bitPattern: $0) },
                runNewest: row[2], runNewestSlot: (row[3] as Int64?).map { UInt64(bitPattern: $0) },
                oldestListed: row[4], listingComplete: row[5], lastSyncedAt: row[6])
        }
    }

    public func listedSignatures(wallet: WalletAddress, after: String?, limit: Int) async throws
        -> [ListedSignature]
    {
        try await read { db in
            guard let walletID = try Self.walletID(wallet, db: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT signature, slot, block_time, status FROM sync_signatures
                    WHERE wallet_id = ? AND signature > ? ORDER BY signature LIMIT ?
                    """, arguments: [walletID, after ?? "", limit]
            ).map { row in
                ListedSignature(
                    record: SignatureRecord(
                        signature: row[0], slot: UInt64(bitPattern: row[1]), blockTime: row[2], failed: false),
                    done: (row[3] as Int64) == 1)
            }
        }
    }

    public func solFlows(wallet: WalletAddress, after: String?, limit: Int) async throws -> [TransactionSOLFlow] {
        try await read { db in
            guard let walletID = try Self.walletID(wallet, db: db) else { return [] }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT signature, wallet_change, swap_sol, fee, wallet_paid_fee, other_sol, basis FROM sol_flows
                    WHERE wallet_id = ? AND signature > ? ORDER BY signature LIMIT ?
                    """, arguments: [walletID, after ?? "", limit]
            ).compactMap { row in
                guard let basis = TransactionSOLFlow.Basis(rawValue: row[6]) else { return nil }
                return TransactionSOLFlow(
                    signature: row[0], walletSOLChange: row[1], swapSOL: row[2], fee: row[3], walletPaidFee: row[4],
                    other: row[5], basis: basis)
            }
        }
    }
}
