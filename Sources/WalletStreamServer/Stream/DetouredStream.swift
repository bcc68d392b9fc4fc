import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes

/// A response answered past Hummingbird's connection task (``FollowDetour``): what the
/// router's task and a follower's steps use to write to the connection, from any thread.
final class DetouredStream: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<FollowDetour>

    init(_ handler: FollowDetour, context: ChannelHandlerContext) {
        channel = context.channel
        self.handler = NIOLoopBound(handler, eventLoop: context.eventLoop)
    }

    /// Writes `part`, returning once the connection can take more: a slow reader makes it wait.
    func write(_ part: HTTPResponsePart) async throws {
        try await onLoop { $0.write(part) }
    }

    /// Parks the live part of a following stream on its connection (see ``FollowDetour+Live``);
    /// `onEnd` runs once, when the stream ends.
    func park(
        _ follower: LiveFollower, requestID: String, deadline: ContinuousClock.Instant?,
        onEnd: @escaping @Sendable (StreamEnding) -> Void
    ) {
        let handler = self.handler
        channel.eventLoop.execute {
            handler.value.park(follower, requestID: requestID, deadline: deadline, onEnd: onEnd)
        }
    }

    /// Runs `action` when the server starts to stop (at once if it has).
    func whenQuiescing(_ action: @escaping @Sendable () -> Void) {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.whenQuiescing(action) }
    }

    /// A follower's step is done (`failure`: how it failed).
    func stepped(_ follower: LiveFollower, failure: (any Error)?) {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.stepped(follower, failure: failure) }
    }

    private func onLoop(_ body: @escaping @Sendable (FollowDetour) -> EventLoopFuture<Void>?) async throws {
        let handler = self.handler
        let eventLoop = channel.eventLoop
        try await eventLoop.flatSubmit {
            body(handler.value) ?? eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }.get()
    }
}

extension DetouredStream: StreamChunkSink {
    func send(_ chunk: ByteBuffer) async throws {
        try await write(.body(chunk))
    }
}

extension DetouredStream {
    /// The response body's writer: `finish` ends the response and closes the connection.
    struct BodyWriter: ResponseBodyWriter {
        let stream: DetouredStream

        mutating func write(_ buffer: ByteBuffer) async throws {
            try await stream.write(.body(buffer))
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            try await stream.onLoop { $0.finish(trailingHeaders) }
        }
    }

    /// The router's task is done with the response.
    func responseReturned() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.responseReturned() }
    }
}
