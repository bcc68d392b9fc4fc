import PostgresNIO
import WalletStreamStore

extension PostgresClient.Configuration {
    /// The pool's settings for `location`: at most `maximumConnections` connections, every
    /// statement on them cancelled by the server after `statementTimeout`, and plans for the
    /// store's queries (see ``plannerSettings``).
    public init(_ location: PostgresLocation, maximumConnections: Int, statementTimeout: Duration) {
        let tls: TLS =
            switch location.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        self.init(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls)
        options.maximumConnections = maximumConnections
        let milliseconds = Int((statementTimeout / .milliseconds(1)).rounded(.up))
        options.additionalStartupParameters = [("statement_timeout", "\(milliseconds)")] + Self.plannerSettings
        options.connectTimeout = .seconds(5)
    }

    /// Every query of the store reads a bounded keyset page or a few rows by key. The planner
    /// estimates a wallet written since the last ANALYZE (one being imported or synced, or any
    /// wallet among many) at a few hundred rows, and then read the whole wallet for one page:
    /// a bitmap scan, hash joins with every token, and a sort (`bench ledger --db`, 1M trades:
    /// 290 ms per page of 1,000, 50 s for the scan; 2 ms per page with index scans and nested
    /// loops). Without those three plan shapes the index order serves every page.
    static let plannerSettings = [
        ("enable_bitmapscan", "off"), ("enable_hashjoin", "off"), ("enable_mergejoin", "off"),
    ]
}

extension PostgresConnection.Configuration {
    /// A single connection to `location`, outside the pool (one that listens for notifications).
    init(_ location: PostgresLocation) throws {
        let tls: TLS =
            switch location.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        self.init(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls)
    }
}
