import Foundation
import HTTPTypes
import Hummingbird
import WalletStreamCore
import WalletStreamStore

/// Finds who a request is: with auth required, the live API key it carries (`Authorization:
/// Bearer`, `X-API-Key`, or `api_key` in the query of a stream, for browsers' `EventSource`),
/// else 401 `UNAUTHORIZED`; with auth off, its address. `/`, `/health` and `/openapi.json` are
/// open to all, and the webhook checks its own shared secret. The key itself is never logged or echoed.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = WalletStreamRequestContext
    let mode: AuthMode
    let keys: APIKeyCache?

    init(mode: AuthMode, keys: (any APIKeyStore)?) {
        self.mode = mode
        self.keys = keys.map { APIKeyCache(keys: $0) }
    }

    static let openPaths: Set<String> = [
        "/", "/health", "/openapi.json", "/assets/dashboard.js", "/assets/dashboard.css", "/v4/webhooks/helius",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        let path = request.uri.path
        switch mode {
        case .off:
            context.client = .address(Self.address(of: context))
        case .required:
            // The dashboard's page for a wallet is open too; its API calls carry the key.
            let open = Self.openPaths.contains(path) || path.hasPrefix("/wallet/")
            if !open { context.client = try await identify(request, path: path) }
        }
        return try await next(request, context)
    }

    private func identify(_ request: Request, path: String) async throws -> ClientIdentity {
        let presented =
            request.headers[.authorization].flatMap(Self.bearer) ?? request.headers[.apiKey]
            ?? (path.hasSuffix("/stream") ? request.uri.queryParameters.get("api_key") : nil)
        guard let presented else {
            throw WalletStreamError(
                code: .unauthorized,
                message: "an API key is required: Authorization: Bearer <key>, or X-API-Key")
        }
        guard let keys, let prefix = APIKeyFactory.prefix(of: presented),
            let record = try await keys.record(prefix: prefix), record.revokedAt == nil,
            APIKeyFactory.matches(presented, record)
        else {
            throw WalletStreamError(code: .unauthorized, message: "the API key is not valid")
        }
        return .key(id: record.id, name: record.name, limits: record.limits)
    }

    static func bearer(_ value: String) -> String? {
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    static func address(of context: Context) -> String {
        context.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
