import Hummingbird
import Logging
import NIOCore
import WalletStreamCore
import WalletStreamWire

/// Turns every error into a JSON `{"error", "code"}` response with the right status.
/// Unexpected errors become a 500 `INTERNAL` whose details go to the log only: this is the
/// edge where errors are logged, once.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = WalletStreamRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let code: WalletStreamError.Code
            let message: String
            switch error.status {
            case .notFound:
                (code, message) = (.notFound, "no route for \(request.method) \(request.uri.path)")
            case .methodNotAllowed:
                (code, message) = (.methodNotAllowed, "\(request.method) is not allowed on \(request.uri.path)")
            case .contentTooLarge:
                (code, message) = (.payloadTooLarge, "request body too large")
            case let status where status.code < 500:
                (code, message) = (.invalidParameter, error.body ?? status.reasonPhrase)
            default:
                context.logger.error("request failed", metadata: ["status": "\(error.status.code)"])
                (code, message) = (.internalError, "internal error")
            }
            return Self.response(
                status: error.status, body: ErrorBody(error: message, code: code, requestID: context.id))
        } catch {
            let clientError = Self.clientError(error, logger: context.logger)
            if clientError.code == .payloadTooLarge {
                return Self.closingResponse(
                    status: clientError.code.httpStatus, body: ErrorBody(clientError, requestID: context.id), context)
            }
            var response = Self.response(
                status: clientError.code.httpStatus, body: ErrorBody(clientError, requestID: context.id))
            if let retryAfter = clientError.retryAfter {
                // Whole seconds, rounded up: never tell a client to come back too early.
                let seconds = max(1, Int((retryAfter.seconds).rounded(.up)))
                response.headers[.retryAfter] = "\(seconds)"
            }
            if clientError.code == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            return response
        }
    }

    /// An error response after which the connection is closed: the rest of an oversized body
    /// is never read (the server would otherwise drain it, or wait forever on one that never ends).
    static func closingResponse(status: HTTPResponse.Status, body: ErrorBody, _ context: Context) -> Response {
        let buffer = ByteBuffer(bytes: bytes(body))
        let channel = context.channel
        var headers = jsonHeaders
        headers[.connection] = "close"
        return Response(
            status: status, headers: headers,
            body: ResponseBody(contentLength: buffer.readableBytes) { writer in
                try await writer.write(buffer)
                try await writer.finish(nil)
                // Queued behind the response's last write on the event loop, so it goes out first.
                channel.eventLoop.execute { channel.close(promise: nil) }
            })
    }

    /// What a client may see of `error`: a ``WalletStreamError`` as it is, anything else as
    /// `INTERNAL`. Server-side failures are logged here with their underlying error.
    static func clientError(_ error: any Error, logger: Logger) -> WalletStreamError {
        guard let error = error as? WalletStreamError else {
            logger.error("unexpected error", metadata: ["error": "\(error)"])
            return WalletStreamError(code: .internalError, message: "internal error")
        }
        let status = error.code.httpStatus
        if status == .internalServerError || status == .serviceUnavailable || status == .badGateway {
            logger.error(
                "request failed",
                metadata: [
                    "code": "\(error.code)", "error": "\(error.message)",
                    "underlying": "\(error.underlying.map { "\($0)" } ?? "none")",
                ])
        }
        return error
    }

    static func response(status: HTTPResponse.Status, body: ErrorBody) -> Response {
        Response(status: status, headers: jsonHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes(body))))
    }

    private static let jsonHeaders: HTTPFields = [.contentType: "application/json; charset=utf-8"]

    /// The JSON of an error body (also for the answers to requests NIO could not parse).
    static func bytes(_ body: ErrorBody) -> [UInt8] {
        var json = JSONWriter(capacity: 128)
        json.errorBody(body)
        return json.bytes
    }
}
