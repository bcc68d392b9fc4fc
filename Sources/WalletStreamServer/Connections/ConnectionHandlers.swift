import NIOCore
import NIOHTTPTypesHTTP1

/// The handlers every connection gets, in the place Hummingbird takes extra ones (after the
/// conversion to `HTTPTypes`): the limiter's and the timeouts' view of requests and responses,
/// JSON bodies for parser errors, an installer for the handlers that must sit lower, and last
/// the detour that answers following streams outside Hummingbird's connection task.
enum ConnectionHandlers {
    static func make(
        limiter: ConnectionLimiter, timeouts limits: ConnectionTimeouts.Limits, detour: FollowDetour.Route
    ) -> [any RemovableChannelHandler] {
        let timeouts = ConnectionTimeouts(limits: limits)
        return [
            ConnectionGuard(limiter: limiter, timeouts: timeouts), ParserErrorResponder(),
            Installer(timeouts: timeouts), FollowDetour(route: detour),
        ]
    }

    /// Puts the byte-level timeout handler first and ``HTTP10Framing`` before the conversion to
    /// `HTTPTypes`; then it only passes events on.
    final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        let timeouts: ConnectionTimeouts

        init(timeouts: ConnectionTimeouts) {
            self.timeouts = timeouts
        }

        func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            try? pipeline.addHandler(ByteArrivalHandler(timeouts: timeouts), position: .first)
            if let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) {
                try? pipeline.addHandler(HTTP10Framing(), position: .before(codec))
            }
        }
    }
}
