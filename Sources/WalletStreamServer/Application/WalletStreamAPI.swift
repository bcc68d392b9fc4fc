import Hummingbird
import HummingbirdCore
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
    /// (and the coordinator runs as one of the app's services). `follow` tracks following
    /// streams and polls their wallets (one is made from `configuration` when not given). `onServerRunning` receives the listening channel (its
    /// `localAddress` tells the port when `configuration.port` is 0).
    public static func application(
        configuration: ServerConfiguration,
        store: any TradeStore,
        streams: ActiveStreams = ActiveStreams(),
        metrics: PrometheusCollectorRegistry? = nil,
        sync: SyncCoordinator? = nil,
        keys: (any APIKeyStore)? = nil,
        follow: FollowHub? = nil,
        services: [any Service] = [],
        logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let connections = ConnectionLimiter(maxConnections: configuration.maxConnections, logger: logger)
        let limiter = ClientLimiter(policy: configuration.limits)
        let timeouts = ConnectionTimeouts.Limits(
            idle: .nanoseconds(configuration.idleTimeout.wholeNanoseconds),
            header: .nanoseconds(configuration.headerTimeout.wholeNanoseconds),
            body: .nanoseconds(configuration.bodyTimeout.wholeNanoseconds))
        let router = Router(context: WalletStreamRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: HTTPMetricsMiddleware())
        // CORS goes outside the error middleware so that error responses carry its headers too:
        // a cross-origin client must be able to read a 400 or 404 body.
        router.add(
            middleware: CORSMiddleware(
                allowOrigin: .all,
                allowHeaders: [
                    .accept, .contentType, .origin, .cacheControl, .lastEventID, .requestID, .authorization, .apiKey,
                ],
                allowMethods: [.get, .head, .post, .options],
                exposedHeaders: ["X-Request-ID"],
                maxAge: .seconds(3600)))
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: AuthMiddleware(mode: configuration.auth, keys: keys))
        router.add(middleware: RequestLimitMiddleware(limiter: limiter))

        let hub =
            follow
            ?? FollowHub(store: store, sync: sync, interval: configuration.followInterval, logger: logger)
        let service = ServiceController(store: store, streams: streams, connections: connections)
        let dashboard = DashboardController()
        let wallets = WalletController(store: store, configuration: configuration, sync: sync, limiter: limiter)
        let stream = StreamController(
            store: store, configuration: configuration, streams: streams, sync: sync, limiter: limiter, hub: hub)
        typealias Handler = @Sendable (Request, WalletStreamRequestContext) async throws -> Response
        var endpoints: [(path: String, method: HTTPRequest.Method, handler: Handler)] = [
            ("/", .get, { request, context in dashboard.page(request, context: context) }),
            ("/wallet/:address", .get, { request, context in dashboard.page(request, context: context) }),
            ("/assets/dashboard.js", .get, { request, context in dashboard.script(request, context: context) }),
            ("/assets/dashboard.css", .get, { request, context in dashboard.style(request, context: context) }),
            ("/health", .get, { request, context in try await service.health(request, context: context) }),
            (
                "/openapi.json", .get,
                { _, _ in
                    Response(
                        status: .ok, headers: WalletController.json,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
                }
            ),
            (
                "/v4/wallets", .get,
                { _, _ in
                    Response(
                        status: .ok, headers: WalletController.json,
                        body: ResponseBody(
                            byteBuffer: ByteBuffer(
                                bytes: try WalletList(wallets: try await store.wallets()).jsonBytes())))
                }
            ),
            (
                "/v4/wallet/:address/stream", .get,
                { request, context in try await stream.handle(request, context: context) }
            ),
            (
                "/v4/wallet/:address/trades", .get,
                { request, context in try await wallets.trades(request, context: context) }
            ),
            (
                "/v4/wallet/:address/summary", .get,
                { request, context in try await wallets.summary(request, context: context) }
            ),
            (
                "/v4/wallet/:address/tokens", .get,
                { request, context in try await wallets.tokens(request, context: context) }
            ),
            ("/v4/analyze", .post, { request, context in try await wallets.analyze(request, context: context) }),
        ]
        if let secret = configuration.webhookSecret {
            let webhook = WebhookController(
                store: store, hub: hub, sync: sync, secret: secret, maxBodyBytes: configuration.webhookMaxBodyBytes)
            endpoints.append(
                (
                    "/v4/webhooks/helius", .post,
                    { request, context in try await webhook.handle(request, context: context) }
                )
            )
        }
        if let metrics {
            endpoints.append(
                (
                    "/metrics", .get,
                    { _, _ in
                        var text: [UInt8] = []
                        metrics.emit(into: &text)
                        return Response(
                            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
                    }
                ))
        }
        var routes = RouteTable()
        for endpoint in endpoints { routes.add(endpoint.path, endpoint.method) }
        router.add(middleware: MethodMiddleware(routes: routes))
        for endpoint in endpoints {
            let handler = endpoint.handler
            router.on(RouterPath(endpoint.path), method: endpoint.method, use: handler)
            guard endpoint.method == .get else { continue }
            // HEAD: the GET's status and headers without its body (a stream is never started).
            router.on(RouterPath(endpoint.path), method: .head) { request, context in
                var response = try await handler(request, context)
                response.body = ResponseBody()
                return response
            }
        }
        let responder = router.buildResponder()
        let runner = StreamTaskRunner()
        let detour = FollowDetour.Route(
            respond: { request, context in try await responder.respond(to: request, context: context) },
            runner: runner, logger: logger,
            shutdownGrace: .nanoseconds(configuration.shutdownGrace.wholeNanoseconds))
        return Application(
            responder: responder,
            server: HTTPServerBuilder { responder in
                DetouringHTTP1Channel(
                    http1: HTTP1Channel(
                        responder: responder,
                        configuration: HTTP1Channel.Configuration(
                            additionalChannelHandlers: ConnectionHandlers.make(
                                limiter: connections, timeouts: timeouts, detour: detour))))
            },
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "WalletStream"),
            services: services + (sync.map { [$0] } ?? []) + [hub, runner],
            onServerRunning: onServerRunning,
            logger: logger)
    }

    struct WalletList: Encodable {
        var wallets: [WalletInfo]
    }
}
