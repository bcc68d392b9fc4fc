import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Takes following streams (`GET /v4/wallet/{a}/stream?follow=true`) past Hummingbird's
/// connection task, so that an idle follower holds no task at all.
///
/// Why: a Swift task keeps the memory of its deepest moment until it ends, and Hummingbird
/// answers every request of a connection in one task that lives as long as the connection.
/// Answered there, an open stream costs tens of KB while it does nothing. Here the request
/// still goes through the router and all its middleware (ids, metrics, CORS, errors, auth,
/// limits), but in a task of the ``StreamTaskRunner`` that ends with the history; the follower
/// then parks on this handler (``FollowDetour+Live``) and each change of its wallet runs one
/// short task. Hummingbird's task never sees the request: it waits, shallow, for one that
/// never comes, and ends when the connection closes.
///
/// A detoured response closes its connection when it ends. Everything else passes through.
final class FollowDetour: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// What detoured requests need, shared by every connection.
    struct Route: Sendable {
        /// The application's router, middleware included.
        var respond: @Sendable (Request, WalletStreamRequestContext) async throws -> Response
        var runner: StreamTaskRunner
        var logger: Logger
        /// How long a stream may take to end after the server starts to stop.
        var shutdownGrace: TimeAmount
    }

    enum Phase: Equatable {
        /// Not ours: everything goes to Hummingbird.
        case passing
        /// A following stream's head is read; its end starts the response.
        case reading(HTTPRequest)
        /// The router's task writes the response (a stream's history).
        case responding
        /// The live part (``Live``): parked, or one step's task writing.
        case live
        case ended
    }

    let route: Route
    var phase = Phase.passing
    var context: ChannelHandlerContext?
    /// The one write waiting for the channel to drain.
    private var writabilityWaiter: EventLoopPromise<Void>?
    private(set) var quiescing = false
    /// What the history's stream does when the server starts to stop.
    private var onQuiesce: (@Sendable () -> Void)?
    var live: Live?
    /// Whether the connection's first request was detoured (``DetouringHTTP1Channel`` waits
    /// for it before it starts Hummingbird's task); false if none came.
    private var firstRequest: EventLoopPromise<Bool>?

    init(route: Route) {
        self.route = route
    }

    /// Nil before the handler is in a pipeline.
    var firstRequestDetoured: EventLoopFuture<Bool>? { firstRequest?.futureResult }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        firstRequest = context.eventLoop.makePromise()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        firstRequest?.succeed(false)
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        var follows = false
        if case .head(let head) = part {
            follows = Self.isFollowStream(head)
            firstRequest.take()?.succeed(follows)
        }
        switch (phase, part) {
        case (.passing, .head(let head)) where follows:
            phase = .reading(head)
        case (.passing, _):
            context.fireChannelRead(data)
        case (.reading(let head), .end):
            phase = .responding
            let stream = DetouredStream(self, context: context)
            let route = self.route
            if !route.runner.submit({ await route.respond(head, on: stream) }) { context.close(promise: nil) }
        default:
            // A detoured connection reads nothing more: its response ends it.
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A request NIO cannot parse never becomes a head: Hummingbird's task answers it.
        firstRequest.take()?.succeed(false)
        context.fireErrorCaught(error)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, let waiter = writabilityWaiter {
            writabilityWaiter = nil
            waiter.succeed()
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        firstRequest.take()?.succeed(false)
        writabilityWaiter?.fail(ChannelError.ioOnClosedChannel)
        writabilityWaiter = nil
        endLive(.disconnected)
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent, phase != .passing else {
            return context.fireUserInboundEventTriggered(event)
        }
        // Hummingbird would close this connection as idle: the stream ends it instead, with
        // SHUTTING_DOWN after what it has sent.
        guard !quiescing else { return }
        quiescing = true
        onQuiesce.take()?()
        endLive(.shuttingDown)
        // A reader that stalled never takes SHUTTING_DOWN: closed after the grace period, so
        // that shutdown always ends.
        let channel = context.channel
        let logger = route.logger
        context.eventLoop.scheduleTask(in: route.shutdownGrace) {
            guard channel.isActive else { return }
            logger.warning("stream closed at shutdown before its client read SHUTTING_DOWN")
            channel.close(promise: nil)
        }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        // Half-closes from Hummingbird's side (its finished writer) would cut the detoured
        // response; the connection closes when that response ends.
        guard mode == .all || phase == .passing else {
            promise?.succeed()
            return
        }
        context.close(mode: mode, promise: promise)
    }

    /// Runs `action` when the server starts to stop (at once if it has).
    func whenQuiescing(_ action: @escaping @Sendable () -> Void) {
        if quiescing { action() } else { onQuiesce = action }
    }

    /// Writes `part`; the future completes when the channel can take more. Nil when the
    /// connection is closed or its response ended.
    func write(_ part: HTTPResponsePart) -> EventLoopFuture<Void>? {
        guard let context, context.channel.isActive, phase != .ended else { return nil }
        context.writeAndFlush(wrapOutboundOut(part), promise: nil)
        if context.channel.isWritable { return context.eventLoop.makeSucceededVoidFuture() }
        let waiter = writabilityWaiter ?? context.eventLoop.makePromise()
        writabilityWaiter = waiter
        return waiter.futureResult
    }

    /// Ends the response and closes the connection; nil when it is closed already.
    func finish(_ trailers: HTTPFields?) -> EventLoopFuture<Void>? {
        guard let context, context.channel.isActive, phase != .ended else { return nil }
        phase = .ended
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(trailers)), promise: promise)
        let channel = context.channel
        promise.futureResult.whenComplete { _ in channel.close(promise: nil) }
        return promise.futureResult
    }

    /// The router's task is done with the response: unless the stream went live, its
    /// connection closes (a response that did not end is cut, not left hanging).
    func responseReturned() {
        guard phase == .responding else { return }
        phase = .ended
        context?.close(promise: nil)
    }

    /// `GET /v4/wallet/{address}/stream` with `follow` on, as the router and the stream's
    /// parameters read them; a bad `follow` value is left to the router's error.
    static func isFollowStream(_ head: HTTPRequest) -> Bool {
        guard head.method == .get, let path = head.path else { return false }
        let uri = URI(path)
        let parts = uri.path.split(separator: "/")
        guard parts.count == 4, parts[0] == "v4", parts[1] == "wallet", parts[3] == "stream" else { return false }
        let follow = uri.queryParameters["follow"]
        return follow == "true" || follow == "1"
    }
}
