// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "WalletStream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "walletstream", targets: ["WalletStreamCLI"]),
        .library(name: "WalletStreamCore", targets: ["WalletStreamCore"]),
        .library(name: "WalletStreamStore", targets: ["WalletStreamStore"]),
        .library(name: "WalletStreamIngest", targets: ["WalletStreamIngest"]),
        .library(name: "WalletStreamServer", targets: ["WalletStreamServer"]),
        .library(name: "WalletStreamClient", targets: ["WalletStreamClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Pure domain and analytics: no I/O.
        .target(
            name: "WalletStreamCore",
            dependencies: [.product(name: "DequeModule", package: "swift-collections")]
        ),
        // Persistence: the TradeStore protocol and its SQLite implementation.
        .target(
            name: "WalletStreamStore",
            dependencies: [
                "WalletStreamCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Getting trades into a store: CSV import and demo data.
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
                "WalletStreamStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP API: JSON endpoints and the SSE stream.
        .target(
            name: "WalletStreamServer",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamStore",
                "WalletStreamUpstream",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // SSE parser and streaming client, usable by other Swift programs.
        .target(
            name: "WalletStreamClient",
            dependencies: [
                "WalletStreamCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Release-mode benchmarks behind `walletstream bench`.
        .target(
            name: "WalletStreamBenchmarks",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamStore",
                "WalletStreamIngest",
                "WalletStreamServer",
                "WalletStreamClient",
                "WalletStreamUpstream",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "WalletStreamCLI",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamStore",
                "WalletStreamIngest",
                "WalletStreamServer",
                "WalletStreamClient",
                "WalletStreamBenchmarks",
                "WalletStreamTestSupport",
                "WalletStreamUpstream",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Fixtures and fakes shared by the tests.
        .target(
            name: "WalletStreamTestSupport",
            dependencies: [
                "WalletStreamCore",
                "WalletStreamStore",
                "WalletStreamIngest",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "WalletStreamCoreTests",
            dependencies: ["WalletStreamCore", "WalletStreamTestSupport"]
        ),
        .testTarget(
            name: "WalletStreamStoreTests",
            dependencies: ["WalletStreamStore", "WalletStreamIngest", "WalletStreamTestSupport"]
        ),
        .testTarget(
            name: "WalletStreamIngestTests",
            dependencies: [
                "WalletStreamIngest",
                "WalletStreamStore",
                "WalletStreamTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "WalletStreamUpstreamTests",
            dependencies: [
                "WalletStreamUpstream",
                "WalletStreamStore",
                "WalletStreamTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WalletStreamClientTests",
            dependencies: [
                "WalletStreamClient",
                "WalletStreamTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "WalletStreamServerTests",
            dependencies: [
                "WalletStreamServer",
                "WalletStreamClient",
                "WalletStreamUpstream",
                "WalletStreamTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The third-party client script the Python test runs.
            exclude: ["Python"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
