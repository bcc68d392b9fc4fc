import GRDB
import WalletStreamCore

extension SQLiteTradeStore: PriceStore {
    public func completePriceDays(symbol: String, days: [Int64]) async throws -> Set<Int64> {
        guard !days.isEmpty else { return [] }
        return try await read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT 1 FROM price_days WHERE symbol = ? AND day = ? AND complete = 1")
            return Set(try days.filter { try Row.fetchOne(statement, arguments: [symbol, $0]) != nil })
        }
    }

    public func storePriceDay(symbol: String, day: Int64, closes: [Int64: Amount], complete: Bool) async throws {
        try await write { db in
            let close = try db.cachedStatement(
                sql: """
                    INSERT INTO price_closes (symbol, minute, close) VALUES (?, ?, ?)
                    ON CONFLICT (symbol, minute) DO UPDATE SET close = excluded.close
                    """)
            for (minute, value) in closes {
                try close.execute(arguments: [symbol, minute, value.description])
            }
            try db.execute(
                sql: """
                    INSERT INTO price_days (symbol, day, complete) VALUES (?, ?, ?)
                    ON CONFLICT (symbol, day) DO UPDATE SET complete = excluded.complete
                    """, arguments: [symbol, day, complete])
        }
    }

    public func minuteCloses(symbol: String, minutes: [Int64]) async throws -> [Int64: Amount] {
        guard !minutes.isEmpty else { return [:] }
        return try await read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT close FROM price_closes WHERE symbol = ? AND minute = ?")
            var found: [Int64: Amount] = [:]
            for minute in Set(minutes) {
                let text = try String.fetchOne(statement, arguments: [symbol, minute])
                if let amount = text.flatMap(Amount.init) { found[minute] = amount }
            }
            return found
        }
    }
}
