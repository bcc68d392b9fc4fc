import Foundation
import GRDB
import WalletStreamCore

extension SQLiteTradeStore {
    public func journalLate(_ trades: [Trade], wallet: WalletAddress) async throws {
        guard !trades.isEmpty else { return }
        let encoder = JSONEncoder()
        let texts = try trades.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try await write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO late_trades (wallet, trade) VALUES (?, ?)")
            for text in texts { try statement.execute(arguments: [wallet.rawValue, text]) }
        }
    }

    public func lateTrades(wallet: WalletAddress, after sequence: Int64, limit: Int) async throws -> [JournaledTrade] {
        let rows = try await readInline { db in
            let statement = try db.cachedStatement(
                sql: "SELECT seq, trade FROM late_trades WHERE wallet = ? AND seq > ? ORDER BY seq LIMIT ?")
            return try Row.fetchAll(statement, arguments: [wallet.rawValue, sequence, limit]).map {
                row -> (Int64, String) in (row[0], row[1])
            }
        }
        let decoder = JSONDecoder()
        return try rows.map { sequence, text in
            JournaledTrade(sequence: sequence, trade: try decoder.decode(Trade.self, from: Data(text.utf8)))
        }
    }

    public func lateMark(wallet: WalletAddress) async throws -> Int64 {
        try await readInline { db in
            let statement = try db.cachedStatement(
                sql: "SELECT coalesce(max(seq), 0) FROM late_trades WHERE wallet = ?")
            return try Int64.fetchOne(statement, arguments: [wallet.rawValue]) ?? 0
        }
    }
}
