import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import WalletStreamIngest
import WalletStreamServer
import WalletStreamUpstream

/// `walletstream serve`: the HTTP API on the store (SQLite by default, or PostgreSQL).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the JSON API and the SSE stream on the store, SQLite or PostgreSQL (SIGINT/SIGTERM stop it gracefully)."
    )

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free one).") var port = 8080
    @Flag(help: "Seed the demo wallet when the store is empty and print URLs to try.") var demo = false
    @Option(help: "Seconds between ': ping' heartbeats on open streams.") var heartbeat: Double = 15
    @Option(help: "Trades in the demo wallet (with --demo).") var demoTrades = 5_000
    @Option(help: "With an upstream: re-sync a wallet synced longer ago than this many seconds.") var maxAge = 60
    @Option(help: "Largest request body accepted, in bytes (larger: 413, connection closed).") var maxBody = 1 << 20
    @Option(help: "Seconds a shutdown waits for open streams before closing them.") var shutdownGrace: Double = 10
    @Option(help: "Seconds a connection may wait idle between requests (keep-alive); open streams are exempt.")
    var idleTimeout: Double = 60
    @Option(help: "Seconds a request's headers may take from their first byte (slow headers are cut).")
    var headerTimeout: Double = 10
    @Option(help: "Seconds a request body may go without sending anything.") var bodyTimeout: Double = 30
    @Option(
        help: """
            Connections held at once (default: 10,000, or less where the open-file limit, raised \
            to its hard limit at start, is lower). Past it a new connection closes the one idle \
            the longest, or is closed when all are busy.
            """) var maxConnections: Int?
    @Option(
        help:
            "Log lines as text or as one JSON object each (\(LogFormat.allCases.map(\.rawValue).joined(separator: "|")))."
    )
    var logFormat: LogFormat = .text
    @Option(
        help: """
            Seconds a stream may stay open; then it ends with an error event STREAM_DEADLINE and \
            the client resumes with Last-Event-ID (0: no limit).
            """) var maxStreamSeconds: Double = 3600
    @Option(
        help: """
            API keys: required or off (default: off on a loopback address, required on any other). \
            Create keys with `walletstream keys create`.
            """) var auth: AuthOption?
    @Option(help: "Requests per second per client, where its key sets none (and per address with --auth off).")
    var rateLimit: Double = 50
    @Option(help: "Streams open at once per client, where its key sets none.") var maxClientStreams = 16
    @Option(help: "On-demand chain syncs per hour per client, where its key sets none.") var syncsPerHour = 60
    @Option(help: "Seconds between polls of a wallet that streams follow (one sync per wallet; 0: no polling).")
    var followInterval: Double = 5
    @Option(help: "A following stream more than this many trades behind ends with LAGGING and resumes.")
    var followMaxLag = 10_000
    @Option(
        help: ArgumentHelp(
            "Shared secret for Helius webhooks at POST /v4/webhooks/helius, sent in Authorization.",
            discussion: "Default: $WALLETSTREAM_WEBHOOK_SECRET. Without one the endpoint is off."))
    var webhookSecret: String?
    @Option(help: "Largest webhook delivery accepted, in bytes (larger: 413).") var webhookMaxBody = 4 << 20
    @OptionGroup var upstream: UpstreamOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard heartbeat > 0 else { throw ValidationError("--heartbeat must be positive") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard maxBody > 0 else { throw ValidationError("--max-body must be positive") }
        guard shutdownGrace >= 0 else { throw ValidationError("--shutdown-grace must not be negative") }
        guard idleTimeout > 0, headerTimeout > 0, bodyTimeout > 0 else {
            throw ValidationError("--idle-timeout, --header-timeout and --body-timeout must be positive")
        }
        guard rateLimit > 0, maxClientStreams > 0, syncsPerHour >= 0 else {
            throw ValidationError(
                "--rate-limit and --max-client-streams must be positive, --syncs-per-hour not negative")
        }
        guard maxStreamSeconds >= 0 else { throw ValidationError("--max-stream-seconds must not be negative") }
        guard followInterval >= 0 else { throw ValidationError("--follow-interval must not be negative") }
        guard followMaxLag > 0, webhookMaxBody > 0 else {
            throw ValidationError("--follow-max-lag and --webhook-max-body must be positive")
        }
        if let webhookSecret, webhookSecret.isEmpty { throw ValidationError("--webhook-secret must not be empty") }
        if let maxConnections, maxConnections < 1 {
            throw ValidationError("--max-connections must be positive")
        }
    }

    func run() async throws {
        var logger = makeLogger("walletstream.server", format: logFormat)
        if logger.logLevel > .info { logger.logLevel = .info }
        try await store.withStore(mustExist: false, logger: logger) { trades in
            var demoWallet: String?
            if demo {
                if try await trades.wallets().isEmpty {
                    let result = try await DemoSeeder(store: trades, logger: logger).seed(seed: 42, count: demoTrades)
                    demoWallet = result.wallet.rawValue
                    print("seeded demo wallet \(result.wallet) with \(result.inserted) trades")
                } else {
                    demoWallet = try await trades.wallets().first?.wallet
                }
            }
            let seeded = demoWallet
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            let grace = Duration.seconds(shutdownGrace)
            // Room for the store's files, the upstream client and the listener beside connections.
            let descriptors = FileDescriptorLimit.raiseToHard()
            let connectionCap = maxConnections ?? max(64, min(10_000, descriptors - 256))
            if connectionCap > descriptors - 64 {
                logger.warning(
                    "--max-connections is near the open-file limit",
                    metadata: ["max_connections": "\(connectionCap)", "open_file_limit": "\(descriptors)"])
            }
            let configuration = ServerConfiguration(
                host: host, port: port, heartbeat: .seconds(heartbeat), maxBodyBytes: maxBody,
                shutdownGrace: grace, idleTimeout: .seconds(idleTimeout),
                headerTimeout: .seconds(headerTimeout),
                bodyTimeout: .seconds(bodyTimeout),
                maxConnections: connectionCap,
                maxStreamDuration: maxStreamSeconds == 0 ? nil : .seconds(maxStreamSeconds),
                auth: auth?.mode ?? AuthMode.defaultMode(host: host),
                limits: ClientLimiter.Policy(
                    requestsPerSecond: rateLimit, maxStreams: maxClientStreams, syncsPerHour: syncsPerHour),
                followInterval: .seconds(followInterval), followMaxLag: followMaxLag,
                webhookSecret: webhookSecret
                    ?? ProcessInfo.processInfo.environment["WALLETSTREAM_WEBHOOK_SECRET"]
                    .flatMap { $0.isEmpty ? nil : $0 },
                webhookMaxBodyBytes: webhookMaxBody)
            // With upstream settings, wallets not stored (or stale) are synced from the chain on demand.
            let http = upstream.isConfigured ? upstream.makeHTTPClient() : nil
            let coordinator = http.map { http in
                SyncCoordinator(
                    syncer: WalletSyncer(
                        store: trades,
                        client: UpstreamClient(http: http, configuration: upstream.configuration, logger: logger),
                        logger: logger),
                    store: trades, maxAge: .seconds(maxAge), logger: logger)
            }
            if coordinator != nil {
                logger.info("on-demand sync enabled", metadata: ["upstream": "\(upstream.configuration)"])
            }
            let app = WalletStreamAPI.application(
                configuration: configuration, store: trades, metrics: registry, sync: coordinator, keys: trades,
                logger: logger
            ) { channel in
                let bound = channel.localAddress?.port ?? port
                let host = host
                let base = "http://\(host):\(bound)"
                var lines = [
                    "WalletStream listening on \(base) (database \(store.shown)); dashboard at \(base)/",
                    configuration.auth == .required
                        ? "API keys required (Authorization: Bearer, X-API-Key, or api_key on streams)"
                        : "API keys off: limits apply per client address (--auth required to ask for keys)",
                ]
                if let demoWallet = seeded {
                    lines += [
                        "try:",
                        "  \(base)/wallet/\(demoWallet)   (in a browser)",
                        "  curl -N '\(base)/v4/wallet/\(demoWallet)/stream?batch_size=100'",
                        "  curl '\(base)/v4/wallet/\(demoWallet)/summary'",
                        "  curl '\(base)/v4/wallet/\(demoWallet)/trades?limit=5'",
                        "  walletstream stream \(demoWallet) --url \(base)",
                    ]
                }
                printUnbuffered(lines.joined(separator: "\n"))
            }
            let group = ServiceGroup(
                configuration: Self.groupConfiguration(services: [app], grace: grace, logger: logger))
            do {
                try await group.run()
            } catch {
                try? await http?.shutdown()
                throw error
            }
            try await http?.shutdown()
        }
    }

    /// SIGTERM/SIGINT shut down gracefully; streams get the grace period, and a backstop past it
    /// cancels whatever is left, so the process always exits.
    static func groupConfiguration(services: [any Service], grace: Duration, logger: Logger)
        -> ServiceGroupConfiguration
    {
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = grace + .seconds(5)
        return configuration
    }
}

/// `--auth required|off`.
struct AuthOption: ExpressibleByArgument {
    let mode: AuthMode

    init?(argument: String) {
        guard let mode = AuthMode(rawValue: argument) else { return nil }
        self.mode = mode
    }

    static var allValueStrings: [String] { AuthMode.allCases.map(\.rawValue) }
}
