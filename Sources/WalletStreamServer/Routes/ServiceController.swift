import Hummingbird
import NIOCore
import WalletStreamCore
import WalletStreamStore
import WalletStreamWire

/// `GET /health` and the landing page `GET /`.
struct ServiceController: Sendable {
    let store: any TradeStore
    let streams: ActiveStreams
    let connections: ConnectionLimiter

    struct Health: Codable {
        var status: String
        var store: String
        var openStreams: Int
        var openConnections: Int
        var maxConnections: Int

        enum CodingKeys: String, CodingKey {
            case status, store
            case openStreams = "open_streams"
            case openConnections = "open_connections"
            case maxConnections = "max_connections"
        }
    }

    func health(_ request: Request, context: WalletStreamRequestContext) async throws -> Response {
        var health = Health(
            status: "ok", store: "ok", openStreams: streams.count, openConnections: connections.count,
            maxConnections: connections.maxConnections)
        var status = HTTPResponse.Status.ok
        do {
            _ = try await store.count(wallet: try WalletAddress(validating: "11111111111111111111111111111111"))
        } catch {
            context.logger.error("health check: store failed", metadata: ["error": "\(error)"])
            health.status = "degraded"
            health.store = "unavailable"
            status = .serviceUnavailable
        }
        return Response(
            status: status, headers: WalletController.json,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try health.jsonBytes())))
    }

    func index(_ request: Request, context: WalletStreamRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: Self.page)))
    }

    static let page = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>WalletStream</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 44em; margin: 2em auto">
        <h1>WalletStream</h1>
        <p>What did a Solana wallet trade, and how did it do? A trade ledger and FIFO P&amp;L,
        as JSON and as a Server-Sent Events stream that resumes where it broke off.</p>
        <ul>
        <li><code>GET /v4/wallet/{address}/stream?batch_size=100</code> — the SSE stream
          (<code>Last-Event-ID</code> resumes)</li>
        <li><code>GET /v4/wallet/{address}/trades?limit=100&amp;cursor=&amp;order=asc</code> — one page of trades</li>
        <li><code>GET /v4/wallet/{address}/summary</code> — the P&amp;L summary</li>
        <li><code>POST /v4/analyze</code> <code>{"wallet": "...", "include_trades": true}</code> — everything at once</li>
        <li><code>GET /v4/wallets</code> — stored wallets · <code>GET /health</code> · <code>GET /metrics</code> ·
          <code>GET /openapi.json</code> — the OpenAPI document</li>
        </ul>
        <p>The stream contract is documented in <code>docs/streaming.md</code> of the repository.</p>
        </body></html>
        """
}
