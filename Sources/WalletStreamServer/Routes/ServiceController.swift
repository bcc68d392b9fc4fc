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
}
