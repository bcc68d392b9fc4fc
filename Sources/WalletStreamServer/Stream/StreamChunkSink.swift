import NIOCore

/// Where a stream's chunks go: the ``StreamMailbox`` of a stream written by its own task, or
/// the connection itself for a follower parked between wakes (``DetouredStream``). `send`
/// returns once the chunk may be followed by the next: a slow reader makes it wait.
protocol StreamChunkSink: Sendable {
    func send(_ chunk: ByteBuffer) async throws
}

extension StreamMailbox: StreamChunkSink {}
