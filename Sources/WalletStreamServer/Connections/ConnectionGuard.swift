import NIOCore
import NIOHTTPTypes

/// The ``ConnectionLimiter``'s and the ``ConnectionTimeouts``' eyes on one connection: opened,
/// closed, reading a request, busy until the end of its response.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limiter: ConnectionLimiter
    let timeouts: ConnectionTimeouts

    init(limiter: ConnectionLimiter, timeouts: ConnectionTimeouts) {
        self.limiter = limiter
        self.timeouts = timeouts
    }

    func channelActive(context: ChannelHandlerContext) {
        limiter.opened(context.channel)
        timeouts.opened(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        limiter.closed(context.channel)
        timeouts.closed()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            limiter.requestStarted(context.channel)
            timeouts.headRead()
        case .body: timeouts.bodyPartRead()
        case .end: timeouts.requestRead()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            limiter.responseEnded(context.channel)
            timeouts.responseEnded()
        }
        context.write(data, promise: promise)
    }
}
