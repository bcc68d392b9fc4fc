import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import WalletStreamCore
import WalletStreamWire

/// Gives the response Hummingbird writes when NIO cannot parse a request (an empty 400 before
/// the connection closes) the JSON error body of every other error: `MALFORMED_REQUEST`, or
/// 431 `HEADERS_TOO_LARGE` when the headers passed the decoder's limit.
final class ParserErrorResponder: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var parserError: HTTPParserError?

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { parserError = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let error = parserError, case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest
        else {
            context.write(data, promise: promise)
            return
        }
        parserError = nil
        let body = Self.body(for: error)
        let bytes = APIErrorMiddleware.bytes(ErrorBody(body))
        head.status = body.code.httpStatus
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = "\(bytes.count)"
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: bytes))), promise: promise)
    }

    static func body(for error: HTTPParserError) -> WalletStreamError {
        switch error {
        case .headerOverflow:
            WalletStreamError(code: .headersTooLarge, message: "the request headers are too large")
        default:
            WalletStreamError(code: .malformedRequest, message: "the request is not valid HTTP/1.1")
        }
    }
}
