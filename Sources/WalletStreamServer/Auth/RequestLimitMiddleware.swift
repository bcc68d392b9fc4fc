import Hummingbird

/// Counts every identified request against its client's rate (``ClientLimiter``).
struct RequestLimitMiddleware: RouterMiddleware {
    typealias Context = WalletStreamRequestContext
    let limiter: ClientLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let client = context.client { try limiter.admitRequest(client) }
        return try await next(request, context)
    }
}
