import Foundation
import WalletStreamCore

/// A PostgreSQL server and database from a URL:
/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
///
/// User and password may be percent-encoded. The port defaults to 5432 and `sslmode` to
/// `prefer` (TLS when the server offers it). The description replaces the password with `***`.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// Whether the connection uses TLS (libpq's `sslmode`, the values that need no certificate
    /// files).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(
        host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .prefer
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses a `postgres://` or `postgresql://` URL. Errors name the part that is wrong and
    /// never repeat the URL, which may hold a password.
    public init(url text: String) throws(WalletStreamError) {
        func invalid(_ message: String) -> WalletStreamError {
            WalletStreamError(code: .invalidParameter, message: "PostgreSQL URL: \(message)")
        }
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw invalid("expected postgres://user:password@host:port/database")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("no host") }
        guard let username = components.user, !username.isEmpty else { throw invalid("no user name") }
        if let port = components.port, !(1...65535).contains(port) { throw invalid("port out of range") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw invalid("no database name after the host") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw invalid("unknown parameter \"\(item.name)\" (only sslmode)") }
            guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                throw invalid("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tls = mode
        }
        self.init(
            host: host, port: components.port ?? 5432, username: username, password: components.password,
            database: database, tls: tls)
    }

    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }
}
