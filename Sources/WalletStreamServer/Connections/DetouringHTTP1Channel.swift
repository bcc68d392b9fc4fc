import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Hummingbird's HTTP/1 child channel, except that a connection whose first request is a
/// following stream (``FollowDetour``) gets no Hummingbird task beyond that first read: the
/// connection's task ends at once and the stream lives on the event loop. Any other first
/// request is answered by Hummingbird as usual, and so is every request after it.
///
/// Why: a task, even idle, keeps its allocator's slabs (a few KB) for as long as it lives,
/// and Hummingbird's lives as long as the connection.
struct DetouringHTTP1Channel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>
        /// True when the first request was detoured.
        let detoured: EventLoopFuture<Bool>
        var channel: any Channel { http.channel }
    }

    let http1: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        http1.setup(channel: channel, logger: logger).flatMapThrowing { http in
            let detour = try channel.pipeline.syncOperations.handler(type: FollowDetour.self)
            return Value(
                http: http, detoured: detour.firstRequestDetoured ?? channel.eventLoop.makeSucceededFuture(false))
        }
    }

    func handle(value: Value, logger: Logger) async {
        guard (try? await value.detoured.get()) == true else {
            return await http1.handle(value: value.http, logger: logger)
        }
        // Hummingbird will never write here. NIO requires its writer to be finished, which
        // half-closes the connection's output: ``FollowDetour`` keeps that from the socket. The
        // scoped alternative, `executeThenClose`, would hold this task until the connection
        // closes, which is what this type exists to avoid.
        (value.http as any FinishableOutbound).finishOutbound()
    }
}

/// NIO deprecated direct access to a wrapped channel's writer in favour of `executeThenClose`;
/// this is the one place that must finish it without closing the connection.
private protocol FinishableOutbound {
    var outbound: NIOAsyncChannelOutboundWriter<HTTPResponsePart> { get }
}

extension FinishableOutbound {
    func finishOutbound() { outbound.finish() }
}

extension NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>: FinishableOutbound {}
