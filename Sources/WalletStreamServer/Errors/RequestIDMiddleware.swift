import Hummingbird
import Logging

/// Gives every request an id: its `X-Request-ID` when that is a sane token, else the one
/// Hummingbird made. The id is in every log line of the request (Hummingbird's
/// `hb.request.id`), in the response's `X-Request-ID` and in error bodies.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = WalletStreamRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let sent = request.headers[.requestID], Self.isAcceptable(sent) {
            context.logger[metadataKey: "hb.request.id"] = .string(sent)
        }
        let id = context.id
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    /// 1…128 characters of letters, digits and `-_.:`: anything else (a header injection, a
    /// megabyte of text) is replaced, not echoed.
    static func isAcceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                    UInt8(ascii: ":"):
                    true
                default: false
                }
            }
    }
}
