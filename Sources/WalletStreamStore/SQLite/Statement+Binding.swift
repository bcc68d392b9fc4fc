import GRDB
import GRDBSQLite
import WalletStreamCore

/// Thin helpers over the SQLite C API for the hot insert and scan loops, where GRDB's
/// `StatementArguments` and `Row` would allocate per value.
extension Statement {
    /// Tells SQLite to copy bound bytes, so they may come from a temporary buffer.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(sqliteStatement, index, value)
    }

    func bind(_ index: Int32, _ value: String) {
        var text = value
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                sqliteStatement, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                Int32(bytes.count), Self.transient)
        }
    }

    func bind(_ index: Int32, _ value: Amount?, scratch: inout [UInt8]) {
        guard let value else {
            sqlite3_bind_null(sqliteStatement, index)
            return
        }
        scratch.removeAll(keepingCapacity: true)
        value.appendText(to: &scratch)
        scratch.withUnsafeBufferPointer { bytes in
            _ = sqlite3_bind_text(
                sqliteStatement, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                Int32(bytes.count), Self.transient)
        }
    }

    /// Steps a statement that returns no row.
    func stepDone(_ db: Database) throws {
        let code = sqlite3_step(sqliteStatement)
        sqlite3_reset(sqliteStatement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(sqliteStatement, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(sqliteStatement, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(sqliteStatement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(sqliteStatement, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    func amount(_ column: Int32) throws -> Amount? {
        guard let pointer = sqlite3_column_text(sqliteStatement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(sqliteStatement, column))
        guard let value = Amount.parse(UnsafeBufferPointer(start: pointer, count: count)) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "stored amount is not a decimal")
        }
        return value
    }
}

extension Statement {
    func bind(_ index: Int32, _ value: Int64?) {
        if let value {
            sqlite3_bind_int64(sqliteStatement, index, value)
        } else {
            sqlite3_bind_null(sqliteStatement, index)
        }
    }

    func bind(_ index: Int32, blob bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(sqliteStatement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
        }
    }

    /// Steps a statement that returns rows: true when a row is ready, false when there are no more.
    func stepRow(_ db: Database) throws -> Bool {
        let code = sqlite3_step(sqliteStatement)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
        return false
    }

    func withBlob<T>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(sqliteStatement, column)
        let count = Int(sqlite3_column_bytes(sqliteStatement, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// A 16-byte amount written by ``Amount/storageBytes``.
    func storedAmount(_ column: Int32) throws -> Amount {
        try withBlob(column) { bytes in
            guard bytes.count == 16 else { throw SQLitePnLState.corrupt("amount of \(bytes.count) bytes") }
            return Amount(storageBytes: bytes, at: 0)
        }
    }
}

extension Statement {
    /// A column's bytes (text or blob), in an array of exactly their size.
    func columnBytes(_ column: Int32) -> [UInt8] {
        guard let pointer = sqlite3_column_blob(sqliteStatement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(sqliteStatement, column))))
    }

    /// Appends a column's bytes (text or blob) to `bytes`.
    func appendColumnBytes(_ column: Int32, to bytes: inout [UInt8]) {
        // The pointer first, then its length, as SQLite asks.
        guard let pointer = sqlite3_column_blob(sqliteStatement, column) else { return }
        let count = Int(sqlite3_column_bytes(sqliteStatement, column))
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
