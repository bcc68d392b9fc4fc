import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Answers HTTP/1.0 requests in HTTP/1.0: the response carries the request's version, so NIO
/// frames a body without a length by closing the connection (chunked encoding is HTTP/1.1),
/// and the connection closes after the response.
///
/// It sees the HTTP/1 types, before Hummingbird's conversion to `HTTPTypes` drops the version;
/// ``ConnectionHandlers/Installer`` puts it there.
final class HTTP10Framing: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var answering10 = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else { return context.fireChannelRead(data) }
        answering10 = head.version == .http1_0
        if answering10 {
            // Hummingbird closes the connection after a response to a request that asks it to.
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard answering10, case .head(var head) = unwrapOutboundIn(data) else {
            return context.write(data, promise: promise)
        }
        head.version = .http1_0
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }
}
