import NIOCore

/// Runs a task's jobs on one event loop.
///
/// A stream's writer does little more than hand chunks to its channel. On the channel's own
/// event loop each write goes straight into the pipeline, and channel writability is seen at
/// once: no hop to the loop per chunk, and a stalled reader stops the writer before anything
/// queues past NIO's high watermark.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
