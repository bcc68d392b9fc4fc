import HTTPTypes
import Hummingbird
import WalletStreamCore
import WalletStreamWire

/// 405 `METHOD_NOT_ALLOWED` with `Allow` for a known path asked with a method it does not
/// answer (the router alone says 404).
struct MethodMiddleware: RouterMiddleware {
    typealias Context = WalletStreamRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = routes.methods(for: request.uri.path), !allowed.contains(request.method) else {
                throw error
            }
            var response = APIErrorMiddleware.response(
                status: .methodNotAllowed,
                body: ErrorBody(
                    error: "\(request.method) is not allowed on \(request.uri.path)", code: .methodNotAllowed,
                    requestID: context.id))
            response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
            return response
        }
    }
}
