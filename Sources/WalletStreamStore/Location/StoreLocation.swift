import Foundation
import WalletStreamCore

/// Where the store lives, as `--db` or `WALLETSTREAM_DB` names it: a SQLite file (the embedded
/// default) or a PostgreSQL server (`postgres://` or `postgresql://`).
///
/// Its description never shows a password: it is what logs, errors and `/health` may print.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// A `postgres://` or `postgresql://` URL, else a file path.
    public init(_ text: String) throws(WalletStreamError) {
        let lowercased = text.lowercased()
        if lowercased.hasPrefix("postgres://") || lowercased.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: text))
        } else if text.isEmpty {
            throw WalletStreamError(code: .invalidParameter, message: "the database path is empty")
        } else {
            self = .sqlite(path: text)
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }
}
