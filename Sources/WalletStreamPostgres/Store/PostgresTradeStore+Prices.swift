import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: PriceStore {
    public func completePriceDays(symbol: String, days: [Int64]) async throws -> Set<Int64> {
        guard !days.isEmpty else { return [] }
        return try await withConnection { connection in
            var complete = Set<Int64>()
            for try await day in try await connection.collect(
                """
                SELECT day FROM price_days WHERE symbol = \(symbol) AND day = ANY(\(days)::bigint[]) AND complete
                """, logger: self.logger
            ).decode(Int64.self) {
                complete.insert(day)
            }
            return complete
        }
    }

    public func storePriceDay(symbol: String, day: Int64, closes: [Int64: Amount], complete: Bool) async throws {
        let minutes = Array(closes.keys)
        let values = minutes.map { closes[$0]?.description ?? "" }
        try await withTransaction { connection in
            if !minutes.isEmpty {
                try await connection.collect(
                    """
                    INSERT INTO price_closes (symbol, minute, close)
                    SELECT \(symbol), minute, close FROM unnest(\(minutes)::bigint[], \(values)::text[]) AS c(minute, close)
                    ON CONFLICT (symbol, minute) DO UPDATE SET close = EXCLUDED.close
                    """, logger: self.logger)
            }
            try await connection.collect(
                """
                INSERT INTO price_days (symbol, day, complete) VALUES (\(symbol), \(day), \(complete))
                ON CONFLICT (symbol, day) DO UPDATE SET complete = EXCLUDED.complete
                """, logger: self.logger)
        }
    }

    public func minuteCloses(symbol: String, minutes: [Int64]) async throws -> [Int64: Amount] {
        guard !minutes.isEmpty else { return [:] }
        let wanted = Array(Set(minutes))
        return try await withConnection { connection in
            var found: [Int64: Amount] = [:]
            for try await (minute, close) in try await connection.collect(
                """
                SELECT c.minute, c.close FROM unnest(\(wanted)::bigint[]) AS w(minute)
                JOIN price_closes c ON c.symbol = \(symbol) AND c.minute = w.minute
                """, logger: self.logger
            ).decode((Int64, String).self) {
                if let amount = Amount(close) { found[minute] = amount }
            }
            return found
        }
    }
}
