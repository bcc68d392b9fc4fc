import ServiceLifecycle

/// Runs the tasks of detoured streams (``FollowDetour``): a following stream's response up to
/// its live part, then one short task per step of its follower. A `Service`, so that these
/// tasks are children of the application's, not fire-and-forget.
///
/// Its queue holds at most one task per open connection (a detoured connection has one
/// response or one step in flight), and connections are capped by `--max-connections`.
public final class StreamTaskRunner: Service, Sendable {
    private let jobs: AsyncStream<@Sendable () async -> Void>
    private let queue: AsyncStream<@Sendable () async -> Void>.Continuation

    public init() {
        (jobs, queue) = AsyncStream.makeStream()
    }

    /// Runs `job` as a child task; false when the runner has stopped.
    func submit(_ job: @escaping @Sendable () async -> Void) -> Bool {
        if case .terminated = queue.yield(job) { return false }
        return true
    }

    public func run() async {
        // The server stops first (its connections end their streams), then this runner: the
        // tasks still running finish, and nothing new starts. The sequence is not wrapped in
        // `cancelOnGracefulShutdown()`, which races two child tasks per element: a wake of
        // 1,000 followers would start 2,000 extra tasks one after another.
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await job in jobs {
                    group.addTask { await job() }
                }
            } onGracefulShutdown: {
                self.queue.finish()
            }
        }
    }
}
