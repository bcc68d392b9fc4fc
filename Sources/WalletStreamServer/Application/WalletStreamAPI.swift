import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream
import WalletStreamWire

/// Builds the HTTP application: routes, CORS, JSON errors.
public enum WalletStreamAPI {
    /// The application for `store`; with `sync`, wallets are fetched from the chain on demand
    /// (and the coordinator runs as one of the app's services). `onServerRunning` receives the listening channel (its
    /// `localAddress` tells the port when `configuration.port` is 0).
    public static func application(
        configuration: ServerConfiguration,
        store: any TradeStore,
        streams: ActiveStreams = ActiveStreams(),
        metrics: PrometheusCollectorRegistry? = nil,
        sync: SyncCoordinator? = nil,
        services: [any Service] = [],
        logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router(context: WalletStreamRequestContext.self)
        // CORS goes outside the error middleware so that error responses carry its headers too:
        // a cross-origin client must be able to read a 400 or 404 body.
        router.add(
            middleware: CORSMiddleware(
                allowOrigin: .all,
                allowHeaders: [.accept, .contentType, .origin, .cacheControl, .lastEventID],
                allowMethods: [.get, .post, .options],
                maxAge: .seconds(3600)))
        router.add(middleware: APIErrorMiddleware())

        let service = ServiceController(store: store, streams: streams)
        let wallets = WalletController(store: store, configuration: configuration, sync: sync)
        let stream = StreamController(
            store: store, configuration: configuration, streams: streams, sync: sync, logger: logger)
        router.get("/") { request, context in service.index(request, context: context) }
        router.get("/health") { request, context in try await service.health(request, context: context) }
        router.get("/v4/wallets") { _, _ in
            Response(
                status: .ok, headers: WalletController.json,
                body: ResponseBody(
                    byteBuffer: ByteBuffer(bytes: try WalletList(wallets: try await store.wallets()).jsonBytes())))
        }
        router.get("/v4/wallet/:address/stream") { request, context in
            try await stream.handle(request, context: context)
        }
        router.get("/v4/wallet/:address/trades") { request, context in
            try await wallets.trades(request, context: context)
        }
        router.get("/v4/wallet/:address/summary") { request, context in
            try await wallets.summary(request, context: context)
        }
        router.get("/v4/wallet/:address/tokens") { request, context in
            try await wallets.tokens(request, context: context)
        }
        router.post("/v4/analyze") { request, context in try await wallets.analyze(request, context: context) }
        if let metrics {
            router.get("/metrics") { _, _ in
                var text: [UInt8] = []
                metrics.emit(into: &text)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
            }
        }
        return Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "WalletStream"),
            services: services + (sync.map { [$0] } ?? []),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    struct WalletList: Encodable {
        var wallets: [WalletInfo]
    }
}
