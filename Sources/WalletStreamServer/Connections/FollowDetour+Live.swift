import NIOCore
import WalletStreamCore
import WalletStreamWire

/// The live part of a detoured following stream: between wakes the follower is a value in
/// this handler, with no task. A change of its wallet (``FollowHub``), or a summary due after
/// the throttle, runs one step (``LiveFollower/step(out:)``) as a short task of the
/// ``StreamTaskRunner``; heartbeats and the stream's deadline are timers of the event loop.
extension FollowDetour {
    struct Live {
        /// Nil while a step's task holds it.
        var follower: LiveFollower?
        let requestID: String
        let retryMilliseconds: Int
        let onEnd: @Sendable (StreamEnding) -> Void
        var heartbeat: RepeatedTask?
        var deadline: Scheduled<Void>?
        /// The summary held back by the throttle.
        var summaryTimer: Scheduled<Void>?
        /// The hub's waiter for the next change.
        var waiter: Int?
        /// A change arrived during a step: step again after it.
        var wakeAgain = false
        /// How the stream ends once the running step is done.
        var pendingEnd: StreamEnding?
    }

    func park(
        _ follower: LiveFollower, requestID: String, deadline: ContinuousClock.Instant?,
        onEnd: @escaping @Sendable (StreamEnding) -> Void
    ) {
        guard phase == .responding, let context, context.channel.isActive else {
            follower.leave()
            onEnd(.disconnected)
            return
        }
        phase = .live
        let configuration = follower.configuration
        var live = Live(
            follower: follower, requestID: requestID, retryMilliseconds: configuration.retryMilliseconds,
            onEnd: onEnd)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let beat = TimeAmount.nanoseconds(configuration.heartbeat.wholeNanoseconds)
        live.heartbeat = context.eventLoop.scheduleRepeatedTask(initialDelay: beat, delay: beat) { _ in
            handler.value.beat()
        }
        if let deadline {
            live.deadline = context.eventLoop.scheduleTask(in: .until(deadline)) {
                handler.value.endLive(.failed(WalletStreamError.streamDeadlineReached))
            }
        }
        self.live = live
        if quiescing {
            endLive(.shuttingDown)
        } else {
            // Trades stored since the history's last read are sent at once.
            step()
        }
    }

    /// Runs one step, unless one runs already (then another follows it).
    private func step() {
        guard phase == .live, var live, let context else { return }
        guard let follower = live.follower else {
            self.live?.wakeAgain = true
            return
        }
        if let waiter = live.waiter.take() { follower.hub.cancelWait(follower.wallet, id: waiter) }
        live.summaryTimer.take()?.cancel()
        live.follower = nil
        self.live = live
        let stream = DetouredStream(self, context: context)
        let submitted = route.runner.submit {
            var follower = follower
            var out = SSEChunkBuilder(
                sink: CountingSink(stream: stream, metrics: follower.metrics),
                chunkBytes: follower.configuration.writeChunkBytes)
            var failure: (any Error)?
            do {
                try await follower.step(out: &out)
                try await out.flush()
            } catch {
                failure = error
            }
            stream.stepped(follower, failure: failure)
        }
        if !submitted {
            // The runner has stopped: the server is shutting down.
            self.live?.follower = follower
            endLive(.shuttingDown)
        }
    }

    func stepped(_ follower: LiveFollower, failure: (any Error)?) {
        guard phase == .live, var live, let context else {
            // The stream ended (its client left) while the step ran.
            follower.leave()
            return
        }
        live.follower = follower
        self.live = live
        if let failure {
            let gone = !context.channel.isActive || failure is ChannelError
            return endLive(gone ? .disconnected : .failed(failure))
        }
        if let pending = live.pendingEnd { return endLive(pending) }
        if live.wakeAgain {
            self.live?.wakeAgain = false
            return step()
        }
        watch()
    }

    /// Waits for the next change of the wallet, and for the held-back summary.
    private func watch() {
        guard let context, let follower = live?.follower else { return }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        guard
            let waiter = follower.hub.waitForChange(
                follower.wallet, after: follower.version, wake: { eventLoop.execute { handler.value.step() } })
        else { return step() }
        live?.waiter = waiter
        if let due = follower.summaryDeadline {
            live?.summaryTimer = eventLoop.scheduleTask(in: .until(due)) { handler.value.step() }
        }
    }

    /// A heartbeat, while parked: a step that writes needs none, and one that waits for a
    /// stalled reader cannot send one.
    private func beat() {
        guard phase == .live, live?.follower != nil, context?.channel.isWritable == true else { return }
        var events = SSEEventWriter(capacity: 16)
        events.heartbeat()
        _ = write(.body(ByteBuffer(bytes: events.takeBytes())))
    }

    /// Ends the live part: with an `error` event and the end of the response, unless the
    /// client is gone. While a step runs, a server-side ending waits for it.
    func endLive(_ ending: StreamEnding) {
        guard phase == .live, let live else { return }
        if live.follower == nil, !ending.isDisconnect {
            if live.pendingEnd == nil { self.live?.pendingEnd = ending }
            return
        }
        phase = .ended
        self.live = nil
        live.heartbeat?.cancel()
        live.deadline?.cancel()
        live.summaryTimer?.cancel()
        if let follower = live.follower {
            if let waiter = live.waiter { follower.hub.cancelWait(follower.wallet, id: waiter) }
            follower.leave()
        }
        live.onEnd(ending)
        guard let context, !ending.isDisconnect else { return }
        var events = SSEEventWriter(capacity: 256)
        events.ending(
            ending, requestID: live.requestID, retryMilliseconds: live.retryMilliseconds, logger: route.logger)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: events.takeBytes()))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// A live step's chunks, counted in the stream metrics' bytes as the history's are.
private struct CountingSink: StreamChunkSink {
    let stream: DetouredStream
    let metrics: StreamMetrics

    func send(_ chunk: ByteBuffer) async throws {
        try await stream.send(chunk)
        metrics.bytes.increment(by: chunk.readableBytes)
    }
}
