import PostgresNIO
import WalletStreamStore

extension PostgresClient.Configuration {
    /// The pool's settings for `location`: at most `maximumConnections` connections, and every
    /// statement on them cancelled by the server after `statementTimeout`.
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
        options.additionalStartupParameters = [("statement_timeout", "\(milliseconds)")]
        options.connectTimeout = .seconds(5)
    }
}
