import Foundation
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore {
    public func journalLate(_ trades: [Trade], wallet: WalletAddress) async throws {
        guard !trades.isEmpty else { return }
        let encoder = JSONEncoder()
        let texts = try trades.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try await withTransaction { connection in
            // Sequences must grow in commit order, or a reader could pass one that commits
            // later: journal writes (rare: late deliveries) take turns across nodes.
            try await connection.collect("LOCK TABLE late_trades IN SHARE ROW EXCLUSIVE MODE", logger: self.logger)
            try await connection.collect(
                """
                INSERT INTO late_trades (wallet, trade)
                SELECT \(wallet.rawValue), t FROM unnest(\(texts)::text[]) WITH ORDINALITY AS e(t, n) ORDER BY n
                """, logger: self.logger)
        }
    }

    /// Stores journal entries copied from another store with their sequences, so that marks in
    /// the ids followers hold keep their meaning (``StoreCopier``); an entry already there is
    /// left as it is. New entries continue after the highest sequence.
    public func putLateTrades(_ entries: [JournaledTrade], wallet: WalletAddress) async throws {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        let sequences = entries.map(\.sequence)
        let texts = try entries.map { String(decoding: try encoder.encode($0.trade), as: UTF8.self) }
        try await withTransaction { connection in
            try await connection.collect("LOCK TABLE late_trades IN SHARE ROW EXCLUSIVE MODE", logger: self.logger)
            try await connection.collect(
                """
                INSERT INTO late_trades (seq, wallet, trade)
                SELECT seq, \(wallet.rawValue), t FROM unnest(\(sequences)::bigint[], \(texts)::text[]) AS e(seq, t)
                ON CONFLICT (seq) DO NOTHING
                """, logger: self.logger)
            try await connection.collect(
                """
                SELECT setval(pg_get_serial_sequence('late_trades', 'seq'), (SELECT max(seq) FROM late_trades))
                """, logger: self.logger)
        }
    }

    public func lateTrades(wallet: WalletAddress, after sequence: Int64, limit: Int) async throws -> [JournaledTrade] {
        let rows = try await withConnection { connection in
            var rows: [(Int64, String)] = []
            for try await row in try await connection.collect(
                """
                SELECT seq, trade FROM late_trades WHERE wallet = \(wallet.rawValue) AND seq > \(sequence)
                ORDER BY seq LIMIT \(Int64(limit))
                """, logger: self.logger
            ).decode((Int64, String).self) {
                rows.append(row)
            }
            return rows
        }
        let decoder = JSONDecoder()
        return try rows.map { sequence, text in
            JournaledTrade(sequence: sequence, trade: try decoder.decode(Trade.self, from: Data(text.utf8)))
        }
    }

    public func lateMark(wallet: WalletAddress) async throws -> Int64 {
        try await withConnection { connection in
            var mark: Int64 = 0
            for try await value in try await connection.collect(
                "SELECT coalesce(max(seq), 0)::bigint FROM late_trades WHERE wallet = \(wallet.rawValue)",
                logger: self.logger
            ).decode(Int64.self) {
                mark = value
            }
            return mark
        }
    }
}
