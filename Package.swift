// swift-tools-version: 6.1
import PackageDescription

// The dependency graph, lowest layer first. A target may import only the targets listed in its
// `dependencies`; docs/architecture.md draws the same graph and says why.
//
//   WalletStreamCore       domain only (no Foundation, no I/O)
//   WalletStreamWire       Core                         JSON/SSE/CSV wire format shared by server and client
//   WalletStreamHelius     Core                         Helius JSON models and the swap parser
//   WalletStreamStore      Core, Wire                   TradeStore protocol, SQLite (keeps each trade's wire JSON)
//   WalletStreamPostgres   Core, Wire, Store            the PostgreSQL store (several nodes on one database)
//   WalletStreamIngest     Core, Store                  tracker CSV import, demo generator
//   WalletStreamUpstream   Core, Helius, Store          Solana RPC / Helius client, sync
//   WalletStreamServer     Core, Wire, Store, Upstream  HTTP API, SSE stream
//   WalletStreamClient     Core, Wire                   SSE client library
//   WalletStreamSimulator  Core, Wire, Helius, Ingest   loopback upstream simulator with faults
//   WalletStreamBenchmarks Core, Wire, Store, Postgres, Ingest, Upstream, Server, Client  `walletstream bench`
//   WalletStreamCLI        the `walletstream` executable; never TestSupport
//   WalletStreamTestSupport fixtures for test targets only

let package = Package(
    name: "WalletStream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "walletstream", targets: ["WalletStreamCLI"]),
        .library(name: "WalletStreamCore", targets: ["WalletStreamCore"]),
        .library(name: "WalletStreamWire", targets: ["WalletStreamWire"]),
        .library(name: "WalletStreamStore", targets: ["WalletStreamStore"]),
        .library(name: "WalletStreamIngest", targets: ["WalletStreamIngest"]),
        .library(name: "WalletStreamServer", targets: ["WalletStreamServer"]),
        .library(name: "WalletStreamClient", targets: ["WalletStreamClient"]),
        .library(name: "WalletStreamSimulator", targets: ["WalletStreamSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The domain: trades, exact amounts, addresses, cursors, the FIFO P&L engine. No
        // Foundation and no I/O (CoreTests checks the imports).
        .target(
            name: "WalletStreamCore",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")]
        ),
        // The wire format both ends share: trade/summary JSON, SSE event names and payloads, the
        // error body, CSV export rows.
        .target(
            name: "WalletStreamWire",
            dependencies: ["WalletStreamCore"]
        ),
        // Helius enhanced-transaction JSON and the wallet-centric swap parser.
        .target(
            name: "WalletStreamHelius",
            dependencies: ["WalletStreamCore"]
        ),
        // Persistence: the TradeStore protocol and its SQLite implementation. It keeps each trade's wire
        // JSON (Wire's writer) so that streams copy bytes instead of re-encoding.
        .target(
            name: "WalletStreamStore",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The scale-out store on PostgreSQL (PostgresNIO's pooled client): the same protocols as
        // the SQLite store, several nodes on one database.
        .target(
            name: "WalletStreamPostgres",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamWire",
                "WalletStreamStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Getting trades into a store: the tracker CSV format and import, the demo generator.
        .target(
            name: "WalletStreamIngest",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Chain ingestion: Solana RPC / Helius client and checkpointed sync.
        .target(
            name: "WalletStreamUpstream",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamHelius",
                "WalletStreamStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP API: JSON endpoints and the SSE stream.
        .target(
            name: "WalletStreamServer",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamHelius",
                "WalletStreamWire",
                "WalletStreamStore",
                "WalletStreamUpstream",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The dashboard is compiled into the binary: the server serves it offline, from
            // wherever it is installed.
            resources: [
                .embedInCode("Dashboard/Assets/index.html"),
                .embedInCode("Dashboard/Assets/dashboard.js"),
                .embedInCode("Dashboard/Assets/dashboard.css"),
            ]
        ),
        // SSE parser and streaming client, usable by other Swift programs.
        .target(
            name: "WalletStreamClient",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A loopback server speaking Solana JSON-RPC and Helius, with generated histories, the
        // real sample wallet (from a path) and fault injection. Shipped: `walletstream
        // simulate-upstream` runs it.
        .target(
            name: "WalletStreamSimulator",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamWire",
                "WalletStreamHelius",
                "WalletStreamIngest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Release-mode benchmarks behind `walletstream bench`.
        .target(
            name: "WalletStreamBenchmarks",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamWire",
                "WalletStreamStore",
                "WalletStreamPostgres",
                "WalletStreamIngest",
                "WalletStreamServer",
                "WalletStreamClient",
                "WalletStreamUpstream",
                "WalletStreamSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The `walletstream` executable: argument parsing and output only.
        .executableTarget(
            name: "WalletStreamCLI",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamWire",
                "WalletStreamStore",
                "WalletStreamIngest",
                "WalletStreamServer",
                "WalletStreamClient",
                "WalletStreamBenchmarks",
                "WalletStreamSimulator",
                "WalletStreamUpstream",
                "WalletStreamPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Fixtures for the test targets (and only for them): paths of ../shared, sample trades,
        // temporary stores.
        .target(
            name: "WalletStreamTestSupport",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamStore",
                "WalletStreamPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                "WalletStreamIngest",
                "WalletStreamSimulator",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Runs the built `walletstream` executable (a dependency, so that it is built first).
        .testTarget(
            name: "WalletStreamCLITests",
            dependencies: [
                "WalletStreamCLI", "WalletStreamStore", "WalletStreamIngest", "WalletStreamTestSupport",
                "WalletStreamClient", "WalletStreamBenchmarks", "WalletStreamSimulator",
            ]
        ),
        .testTarget(
            name: "WalletStreamCoreTests",
            dependencies: ["WalletStreamCore", "WalletStreamTestSupport"]
        ),
        .testTarget(
            name: "WalletStreamWireTests",
            dependencies: ["WalletStreamWire", "WalletStreamTestSupport"]
        ),
        .testTarget(
            name: "WalletStreamHeliusTests",
            dependencies: ["WalletStreamHelius", "WalletStreamIngest", "WalletStreamTestSupport"]
        ),
        .testTarget(
            name: "WalletStreamStoreTests",
            dependencies: [
                "WalletStreamStore", "WalletStreamIngest", "WalletStreamTestSupport", "WalletStreamWire",
                "WalletStreamPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "WalletStreamPostgresTests",
            dependencies: [
                "WalletStreamPostgres", "WalletStreamStore", "WalletStreamIngest", "WalletStreamCore",
                "WalletStreamTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WalletStreamIngestTests",
            dependencies: ["WalletStreamIngest", "WalletStreamStore", "WalletStreamTestSupport"]
        ),
        .testTarget(
            name: "WalletStreamSimulatorTests",
            dependencies: [
                "WalletStreamSimulator",
                "WalletStreamHelius",
                "WalletStreamTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "WalletStreamUpstreamTests",
            dependencies: [
                "WalletStreamUpstream",
                "WalletStreamStore",
                "WalletStreamSimulator",
                "WalletStreamTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WalletStreamClientTests",
            dependencies: [
                "WalletStreamClient",
                "WalletStreamWire",
                "WalletStreamTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "WalletStreamServerTests",
            dependencies: [
                "WalletStreamServer",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                "WalletStreamWire",
                "WalletStreamClient",
                "WalletStreamUpstream",
                "WalletStreamSimulator",
                "WalletStreamTestSupport",
                "WalletStreamPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The third-party client script the Python test runs, and the headless-Chromium driver
            // of the dashboard test.
            exclude: ["Python", "Browser"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
