import Hummingbird
import Logging
import NIOCore
import WalletStreamCore

/// Turns every error into a JSON `{"error", "code"}` response with the right status.
/// Unexpected errors become a 500 `INTERNAL` whose details go to the log only.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as WalletStreamError {
            if error.code.httpStatus == .internalServerError || error.code.httpStatus == .serviceUnavailable {
                context.logger.error(
                    "request failed", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
            }
            return Self.response(
                status: error.code.httpStatus, body: APIErrorBody(error: error.message, code: error.code.rawValue))
        } catch let error as HTTPError {
            let code: String
            let message: String
            switch error.status {
            case .notFound:
                (code, message) = ("NOT_FOUND", "no route for \(request.method) \(request.uri.path)")
            case .methodNotAllowed:
                (code, message) = ("METHOD_NOT_ALLOWED", "\(request.method) is not allowed on \(request.uri.path)")
            case .contentTooLarge:
                (code, message) = ("PAYLOAD_TOO_LARGE", "request body too large")
            case .badRequest:
                (code, message) = ("INVALID_PARAMETER", error.body ?? "bad request")
            default:
                (code, message) = ("HTTP_\(error.status.code)", error.status.reasonPhrase)
            }
            return Self.response(status: error.status, body: APIErrorBody(error: message, code: code))
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            return Self.response(
                status: .internalServerError, body: APIErrorBody(error: "internal error", code: "INTERNAL"))
        }
    }

    static func response(status: HTTPResponse.Status, body: APIErrorBody) -> Response {
        let bytes = (try? body.jsonBytes()) ?? Array("{\"error\":\"internal error\",\"code\":\"INTERNAL\"}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
