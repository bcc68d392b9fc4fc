import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import WalletStreamCore
import WalletStreamStore
import WalletStreamUpstream
import WalletStreamWire

/// `GET /v4/wallet/{address}/stream`: the SSE stream; with `follow=true` it stays open after the
/// history and sends new trades as they are stored (``LiveFollower``).
///
/// Two child tasks feed one writer: the producer (store → events → chunks) and a timer for the
/// heartbeats and the deadline; the connection's close wakes them all. The writer, running in
/// the response body, awaits every socket write, so a slow reader throttles the producer
/// through the bounded mailbox. A following stream taken past Hummingbird's connection task
/// (``FollowDetour``) ends these tasks with its history and parks its live part on the
/// connection; otherwise the live part runs in the producer's task.
struct StreamController: Sendable {
    let store: any TradeStore
    let configuration: ServerConfiguration
    let streams: ActiveStreams
    let sync: SyncCoordinator?
    let limiter: ClientLimiter
    let hub: FollowHub
    let metrics = StreamMetrics()

    func handle(_ request: Request, context: WalletStreamRequestContext) async throws -> Response {
        let wallet = try request.wallet(context)
        let batchSize = try request.integer("batch_size", in: 1...1000, default: 100)
        let resumeText = request.headers[.lastEventID] ?? request.query("last_event_id")
        let cursor = try request.cursor(resumeText, wallet: wallet)
        let follow = try request.choice(
            "follow", default: false, ["true": true, "false": false, "1": true, "0": false])
        // Held from here to the stream's end; released at once if the stream never starts.
        let permit = try context.client.map(limiter.openStream)
        let handle: SyncHandle?
        do {
            handle = try await WalletController.prepare(
                wallet, store: store, sync: sync, client: context.client, limiter: limiter)
        } catch {
            permit?.release()
            throw error
        }
        let streamRequest = StreamRequest(
            wallet: wallet, batchSize: batchSize, resumeAfter: cursor, resumeText: cursor == nil ? nil : resumeText,
            follow: follow)
        let streamID = UUID().uuidString.lowercased()
        // The request's logger: every line of the stream carries its request id.
        let logger = context.logger
        let requestID = context.id
        let producer = StreamProducer(
            store: store, request: streamRequest, streamID: streamID, configuration: configuration, sync: handle,
            hub: follow ? hub : nil, metrics: metrics, logger: logger)
        let channel = context.channel
        let detour = context.detour
        let configuration = self.configuration
        let streams = self.streams
        let metrics = self.metrics
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[.accelBuffering] = "no"
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let started = ContinuousClock.now
                let deadline = configuration.maxStreamDuration.map { started + $0 }
                streams.begin()
                let ended: @Sendable (StreamEnding) -> Void = { ending in
                    metrics.ended(ending, after: ContinuousClock.now - started)
                    logger.debug("stream closed", metadata: ["stream_id": "\(streamID)", "ending": "\(ending)"])
                    streams.end()
                    permit?.release()
                }
                // An SSE client never half-closes; treating EOF as a close makes an idle stream
                // notice a vanished client at once rather than at its next heartbeat. NIO queues
                // writes up to the high watermark before the writer waits: keep that to two
                // chunks, since a stalled reader holds it for as long as it stalls. Not awaited:
                // both run on the event loop before any write the stream queues after them.
                _ = channel.setOption(ChannelOptions.allowRemoteHalfClosure, value: false)
                _ = channel.setOption(
                    ChannelOptions.writeBufferWaterMark,
                    value: .init(low: configuration.writeChunkBytes, high: 2 * configuration.writeChunkBytes))
                let mailbox = StreamMailbox(capacity: 1)
                // A vanished client wakes the writer and the producer at once, also while the
                // stream is idle; after the stream's end this does nothing.
                channel.closeFuture.whenComplete { _ in mailbox.disconnect() }
                let shutDown: @Sendable () -> Void = {
                    mailbox.shutDown()
                    // A reader that stalled never takes SHUTTING_DOWN: its connection is closed
                    // after the grace period, so that shutdown always ends.
                    channel.eventLoop.scheduleTask(in: .nanoseconds(configuration.shutdownGrace.wholeNanoseconds)) {
                        guard channel.isActive else { return }
                        logger.warning(
                            "stream closed at shutdown before its client read SHUTTING_DOWN",
                            metadata: ["stream_id": "\(streamID)", "grace": "\(configuration.shutdownGrace)"])
                        channel.close(promise: nil)
                    }
                }
                // A detoured stream runs outside the server's tasks: the server tells its
                // connection, not this task, that it stops (the connection also closes it after
                // the grace period).
                detour?.whenQuiescing { mailbox.shutDown() }
                // A detoured stream's producer hands its live part over, to be parked on the
                // connection.
                let (ending, handedOver) = try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup(of: LiveFollower?.self) { group in
                        group.addTask {
                            do {
                                if var live = try await producer.run(into: mailbox) {
                                    if detour != nil {
                                        mailbox.finish()
                                        return live
                                    } else {
                                        defer { live.leave() }
                                        var out = SSEChunkBuilder(
                                            sink: mailbox, chunkBytes: configuration.writeChunkBytes)
                                        try await live.run(out: &out)
                                    }
                                }
                                mailbox.finish()
                            } catch is StreamMailbox.Closed {
                            } catch is CancellationError {
                            } catch {
                                mailbox.fail(error)
                            }
                            return nil
                        }
                        // One timer for the heartbeats and the deadline: a task less per stream.
                        group.addTask {
                            while !Task.isCancelled {
                                let beat = ContinuousClock.now + configuration.heartbeat
                                guard let deadline, deadline <= beat else {
                                    try await Task.sleep(until: beat)
                                    mailbox.ping()
                                    continue
                                }
                                try await Task.sleep(until: deadline)
                                mailbox.fail(WalletStreamError.streamDeadlineReached)
                                return nil
                            }
                            return nil
                        }
                        defer { group.cancelAll() }
                        // Only the writer runs on the event loop; the children above stay off it.
                        let ending = try await withTaskExecutorPreference(EventLoopTaskExecutor(channel.eventLoop)) {
                            try await Self.write(
                                from: mailbox, to: &writer, configuration: configuration, requestID: requestID,
                                metrics: metrics, logger: logger)
                        }
                        group.cancelAll()
                        var live: LiveFollower?
                        while let result = await group.nextResult() {
                            if case .success(let follower?) = result { live = follower }
                        }
                        return (ending, live)
                    }
                } onGracefulShutdown: {
                    shutDown()
                }
                if let live = handedOver, let detour, case .finished = ending {
                    // No task from here on: the connection holds the follower between wakes.
                    detour.park(live, requestID: requestID, deadline: deadline, onEnd: ended)
                    return
                }
                handedOver?.leave()
                ended(ending)
                if case .disconnected = ending { return }
                try await writer.finish(nil)
            })
    }

    /// The writer loop: everything the socket sees passes through here. It runs on the
    /// channel's event loop (see ``EventLoopTaskExecutor``), where a write that finds the channel
    /// unwritable waits for it to drain.
    static func write(
        from mailbox: StreamMailbox, to writer: inout any ResponseBodyWriter, configuration: ServerConfiguration,
        requestID: String, metrics: StreamMetrics, logger: Logger
    ) async throws -> StreamEnding {
        while true {
            let item = await mailbox.next()
            var events = SSEEventWriter(capacity: 0)
            do {
                switch item {
                case .chunk(let buffer):
                    try await writer.write(buffer)
                    metrics.bytes.increment(by: buffer.readableBytes)
                    continue
                case .ping:
                    events.heartbeat()
                case .ended(let ending):
                    events.ending(
                        ending, requestID: requestID, retryMilliseconds: configuration.retryMilliseconds, logger: logger
                    )
                }
                if events.byteCount > 0 { try await writer.write(ByteBuffer(bytes: events.takeBytes())) }
            } catch {
                // The client is gone mid-write: release the producer and its store reads now.
                mailbox.disconnect()
                return .disconnected
            }
            if case .ended(let ending) = item { return ending }
        }
    }
}
