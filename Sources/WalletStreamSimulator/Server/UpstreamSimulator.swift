import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import WalletStreamCore
import WalletStreamIngest

/// A loopback HTTP server speaking Solana JSON-RPC (`getSignaturesForAddress`) and the Helius
/// enhanced-transactions API, with deterministic data and fault injection, for integration
/// tests and benchmarks.
///
/// ``realWallet`` serves the 20 real sample transactions; every other address serves a
/// history generated from `DemoTradeGenerator(seed:count:)` (see ``expectedTrades(wallet:)``).
/// Run it with ``run()`` (or in a `ServiceGroup`), then read ``baseURL``.
public final class UpstreamSimulator: Service, Sendable {
    /// The wallet of the shared sample data.
    public static let realWallet = "3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2"
    /// Most signatures Helius accepts in one request.
    public static let maxTransactionsPerRequest = 100
    /// Most signatures `getSignaturesForAddress` returns.
    public static let maxSignaturesPerPage = 1_000
    /// Most ids `getAssetBatch` takes.
    public static let maxAssetsPerRequest = 1_000

    public let configuration: UpstreamSimulatorConfiguration
    let plan: UpstreamFaultPlan
    let history: GeneratedHistory
    let sample: SampleWallet?
    let sampleExport: SampleExport?
    private let wallets: Mutex<[UInt32: String]>
    private let port: Mutex<Int?>
    private let visible = Mutex<Int?>(nil)
    private let logger: Logger
    private let onRunning: @Sendable (String) async -> Void

    /// A simulator; the generated history is walked once here to place its checkpoints.
    /// `onRunning` receives ``baseURL`` once the server listens.
    public init(
        configuration: UpstreamSimulatorConfiguration = UpstreamSimulatorConfiguration(),
        logger: Logger = Logger(label: "walletstream.upstream-simulator", factory: { _ in SwiftLogNoOpLogHandler() }),
        onRunning: @escaping @Sendable (String) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.logger = logger
        self.onRunning = onRunning
        plan = UpstreamFaultPlan(configuration: configuration)
        history = GeneratedHistory(seed: configuration.seed, tradeCount: configuration.walletTrades)
        sample = configuration.sampleTransactionsPath.flatMap { SampleWallet(path: $0, address: Self.realWallet) }
        sampleExport = configuration.sampleTradesCSVPath.flatMap { SampleExport(csvPath: $0) }
        let demo = DemoTradeGenerator.wallet(seed: configuration.seed).rawValue
        wallets = Mutex([SimulatedSignature.tag(of: demo): demo])
        port = Mutex(nil)
    }

    /// The generated wallet of this seed (`DemoTradeGenerator.wallet(seed:)`).
    public var demoWallet: String { DemoTradeGenerator.wallet(seed: configuration.seed).rawValue }

    /// How many of each generated wallet's transactions are on chain yet (oldest first); nil:
    /// all of them. Raising it makes new transactions appear, as on a live chain.
    public var visibleTransactions: Int? {
        get { visible.withLock { $0 } }
        set { visible.withLock { $0 = newValue } }
    }

    /// The bound port, once running.
    public var boundPort: Int? { port.withLock { $0 } }

    /// `http://host:port`, once running. Use it as the RPC URL (any path) and as the Helius
    /// API URL (the client appends `/v0/transactions?api-key=…`).
    public var baseURL: String? { boundPort.map { "http://\(configuration.host):\($0)" } }

    /// What `getAssetBatch` answers for `mint` (nil: null, an unknown mint).
    public func asset(for mint: String) -> SimulatedAsset? {
        SimulatedAsset.answer(for: mint, sample: sampleExport, unknownShare: configuration.unknownAssetShare)
    }

    /// A snapshot of the request and fault counters.
    public var counters: UpstreamSimulatorCounters { plan.counters }

    /// Adds a scripted fault while running; it counts requests from now on.
    public func inject(_ fault: UpstreamSimulatorConfiguration.Fault) {
        plan.add(fault)
    }

    /// Removes every scripted fault: the upstream recovers.
    public func clearFaults() {
        plan.clear()
    }

    /// Waits until the server listens and returns ``baseURL``.
    public func waitUntilRunning(timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let baseURL { return baseURL }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CancellationError()
    }

    /// Number of transactions `getSignaturesForAddress` lists for `wallet`.
    public func transactionCount(wallet: String) -> Int {
        if wallet == Self.realWallet, let sample { return sample.entries.count }
        return history.transactionCount
    }

    /// The ground truth for `wallet`, oldest first: the trades a correct parser recovers.
    ///
    /// Generated wallets: the DemoTradeGenerator trades with the simulator's signature, the
    /// generator's slot, block time, leg, venue, side, mints, symbols and amounts,
    /// `usdValue` nil and `feeSOL` the transaction fee on leg 0 (nil on leg 1). The real wallet:
    /// its 4 swaps read from the sample (symbols empty, `usdValue` nil).
    public func expectedTrades(wallet: String) -> [Trade] {
        if wallet == Self.realWallet, let sample {
            return sample.entries.reversed().compactMap { ReferenceSwapReader.trade(json: $0.json, wallet: wallet) }
        }
        return generatedWallet(wallet).expectedTrades()
    }

    /// Runs the server until cancelled or gracefully shut down.
    public func run() async throws {
        let router = Router(context: SimulatorRequestContext.self)
        router.post("/v0/transactions") { request, context in
            try await self.respond(.helius, request: request, context: context)
        }
        router.get("/history") { request, context in
            try await self.respond(.prices, request: request, context: context)
        }
        router.post("/") { request, context in try await self.respond(.rpc, request: request, context: context) }
        router.post("**") { request, context in try await self.respond(.rpc, request: request, context: context) }
        let application = Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "UpstreamSimulator"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? self.configuration.port
                self.port.withLock { $0 = bound }
                await self.onRunning("http://\(self.configuration.host):\(bound)")
            },
            logger: logger)
        try await application.run()
    }

    func generatedWallet(_ address: String) -> GeneratedWallet {
        let wallet = GeneratedWallet(address: address, history: history)
        wallets.withLock { $0[wallet.tag] = address }
        return wallet
    }

    func generatedWallet(tag: UInt32) -> GeneratedWallet? {
        wallets.withLock { $0[tag] }.map { GeneratedWallet(address: $0, history: history) }
    }

    // MARK: Request handling

    private func respond(_ api: UpstreamAPI, request: Request, context: SimulatorRequestContext) async throws
        -> Response
    {
        if configuration.latency > .zero { try await Task.sleep(for: configuration.latency) }
        let body = try await request.body.collect(upTo: 16 << 20)
        let decision = plan.admit(api, now: .now)
        if case .fault(let kind) = decision {
            switch kind {
            case .rateLimited(let seconds):
                return Self.json(
                    status: .tooManyRequests, Array(#"{"error":"rate limited"}"#.utf8),
                    extra: [.retryAfter: String(seconds)])
            case .serverError(let status):
                return Self.json(
                    status: HTTPResponse.Status(code: status), Array(#"{"error":"simulated server error"}"#.utf8))
            case .slow(let delay):
                try await Task.sleep(for: delay)
            case .dropConnection:
                context.channel.close(mode: .all, promise: nil)
                return Response(status: .ok)
            case .truncatedBody:
                let (_, bytes) = answer(api, request: request, body: body)
                return Self.json(status: .ok, Array(bytes.prefix(max(1, bytes.count / 2))))
            case .malformedJSON:
                return Self.json(status: .ok, Array(#"{"jsonrpc":"2.0","result":[<html>upstream oops</html>"#.utf8))
            }
        }
        let (status, bytes) = answer(api, request: request, body: body)
        return Self.json(status: status, bytes)
    }

    private func answer(_ api: UpstreamAPI, request: Request, body: ByteBuffer) -> (HTTPResponse.Status, [UInt8]) {
        switch api {
        case .rpc: return (.ok, answerRPC(body: body))
        case .helius: return answerHelius(request: request, body: body)
        case .prices: return answerPrices(request: request)
        }
    }

    private static func json(
        status: HTTPResponse.Status, _ bytes: [UInt8], extra: HTTPFields = [:]
    ) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
