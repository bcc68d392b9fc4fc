import ArgumentParser
import Foundation
import WalletStreamBenchmarks
import WalletStreamPostgres
import WalletStreamServer
import WalletStreamStore

/// `walletstream bench …`: release-mode benchmarks. Never run these from unit tests.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release: debug builds of NIO code are ~70x slower).",
        subcommands: [
            LedgerBench.self, StreamBench.self, FollowBench.self, SyncBench.self, PostgresBench.self, BareServer.self,
        ])

    struct LedgerBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger", abstract: "Store write/scan, P&L engine and CSV import rates with peak RSS.")

        @Option(help: "Demo trades to write and scan.") var trades = 1_000_000
        @Option(help: "CSV file to time the import of.") var csv: String?
        @Option(help: "Scratch directory for the SQLite database.") var dir = NSTemporaryDirectory()
        @Option(
            help: """
                A postgres:// URL: measure PostgreSQL instead, in a scratch database created on that \
                server (CREATEDB privilege) and dropped afterwards.
                """) var db: String?

        func run() async throws {
            printUnbuffered(
                "walletstream bench ledger --trades \(trades)\(csv.map { " --csv \($0)" } ?? "")"
                    + (db == nil ? "" : " --db postgres://…"))
            let logger = makeLogger()
            let bench = LedgerBenchmark(trades: trades, csvPath: csv, logger: logger)
            switch try StoreLocation(db ?? dir + "/bench-ledger-\(UUID().uuidString).sqlite") {
            case .sqlite(let path):
                guard db == nil else {
                    throw ValidationError("--db takes a postgres:// URL (a SQLite file goes in --dir)")
                }
                defer {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
                try await bench.run(store: try SQLiteTradeStore(path: path, logger: logger)) {
                    printUnbuffered($0.line)
                }
            case .postgres(let server):
                try await server.withScratchDatabase(prefix: "walletstream_bench_", logger: logger) { scratch in
                    try await StoreOptions.withPostgres(
                        scratch, connections: 4, wait: .seconds(5), statementTimeout: .seconds(600), logger: logger
                    ) { store in
                        try await bench.run(store: store) { printUnbuffered($0.line) }
                    }
                }
            }
        }
    }

    struct PostgresBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "postgres",
            abstract: "Write rate of demo trades into a PostgreSQL database (the PostgreSQL store so far).")

        @Option(help: "postgres://user:password@host:port/database (migrated if needed).") var url: String
        @Option(help: "Demo trades to write.") var trades = 1_000_000
        @Option(help: "Trades per transaction.") var transactionSize = 100_000

        func run() async throws {
            guard case .postgres(let location) = try StoreLocation(url) else {
                throw ValidationError("--url must be a postgres:// URL")
            }
            let bench = PostgresWriteBenchmark(
                location: location, trades: trades, transactionSize: transactionSize, logger: makeLogger())
            try await bench.run { printUnbuffered($0) }
        }
    }

    struct StreamBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stream", abstract: "The SSE server (a child process) measured over loopback.")

        @Option(help: "Wallet sizes, comma-separated.") var sizes = "5000,100000,1000000"
        @Option(help: "Requests per wallet for first-event latency.") var samples = 200
        @Option(help: "Seconds of the 100 KB/s slow reader.") var slowSeconds = 30
        @Option(help: "Concurrent stream counts, comma-separated.") var concurrency = "100,1000"
        @Option(help: "Scratch directory (the seeded database is kept there for reruns).") var dir =
            NSTemporaryDirectory()
        @Option(help: "A postgres:// URL: the server reads PostgreSQL instead of a SQLite file in --dir.")
        var db: String?

        func run() async throws {
            if let db, case .sqlite = try StoreLocation(db) {
                throw ValidationError("--db takes a postgres:// URL (a SQLite file goes in --dir)")
            }
            let sizes = self.sizes.split(separator: ",").compactMap { Int($0) }
            let concurrency = self.concurrency.split(separator: ",").compactMap { Int($0) }
            var limit = rlimit()
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            limit.rlim_cur = limit.rlim_max
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            let bench = StreamBenchmark(
                executable: try Self.executablePath(), directory: dir, sizes: sizes, latencySamples: samples,
                slowReaderSeconds: slowSeconds, concurrency: concurrency, postgresURL: db, logger: makeLogger())
            try await bench.run { printUnbuffered($0) }
        }

        static func executablePath() throws -> String {
            try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        }
    }

    struct FollowBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow",
            abstract: "Idle followers (follow=true) of one wallet: memory each and upstream polls.")

        @Option(help: "Followers to open.") var followers = 1_000
        @Option(help: "The server's --follow-interval, seconds.") var interval = 5
        @Option(help: "Seconds to watch them idle.") var window = 30
        @Option(help: "Scratch directory.") var dir = NSTemporaryDirectory()
        @Option(help: "The real wallet's Helius transactions: its chain, and the webhook delivery's source.")
        var heliusSample = "../shared/data/helius/enhanced-transactions-3JoVBiQE.json"

        func run() async throws {
            let bench = FollowBenchmark(
                executable: try StreamBench.executablePath(), directory: dir, followers: followers, interval: interval,
                windowSeconds: window, heliusSample: heliusSample)
            try await bench.run { printUnbuffered($0) }
        }
    }

    struct SyncBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync", abstract: "Cold syncs from the upstream simulator against the rate-limit bound.")

        @Option(help: "Wallet sizes (trades), comma-separated.") var sizes = "5000,50000"
        @Option(help: "Simulated upstream latency per request, ms.") var latencyMs = 50
        @Option(help: "Request rate limit (client and simulator).") var rps: Double = 10
        @Option(help: "Requests in flight.") var concurrency = 4
        @Option(help: "Scratch directory.") var dir = NSTemporaryDirectory()

        func run() async throws {
            printUnbuffered(
                "walletstream bench sync --sizes \(sizes) --latency-ms \(latencyMs) --rps \(rps) --concurrency \(concurrency)"
            )
            let bench = SyncBenchmark(
                executable: try StreamBench.executablePath(), directory: dir,
                sizes: sizes.split(separator: ",").compactMap { Int($0) }, latencyMs: latencyMs, requestsPerSecond: rps,
                concurrency: concurrency, logger: makeLogger())
            try await bench.run { printUnbuffered($0) }
        }
    }

    struct BareServer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bare-server",
            abstract: "The ceiling: serve recorded stream bytes with no store and no encoding.",
            shouldDisplay: false)

        @Option var file: String
        @Option var port = 0
        @Option var chunkBytes = ServerConfiguration().writeChunkBytes
        @Flag var onLoop = false

        func run() async throws {
            try await BareStreamServer.run(
                file: file, port: port, chunkBytes: chunkBytes, onLoop: onLoop, logger: makeLogger())
        }
    }
}
