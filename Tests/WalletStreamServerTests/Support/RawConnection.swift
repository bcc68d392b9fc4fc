import NIOCore
import NIOPosix

/// A plain TCP connection for tests that need control AHC does not give: reading slowly with a
/// small receive buffer, or dropping the connection at a precise moment.
final class RawConnection {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// Everything received so far (kept only while `keepText`).
    private(set) var text = ""
    private(set) var bytesReceived = 0
    var keepText = true

    private init(
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    /// Connects to 127.0.0.1:`port`, runs `body`, then closes the connection.
    /// `receiveBufferBytes` shrinks the socket's receive buffer and the read size, so that
    /// little piles up on the client side while the test does not read.
    static func with<T>(
        port: Int, receiveBufferBytes: Int? = nil, _ body: (RawConnection) async throws -> T
    ) async throws -> T {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let receiveBufferBytes {
            bootstrap =
                bootstrap
                .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 4096))
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                    wrappingChannelSynchronously: channel,
                    configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 2)))
            }
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(RawConnection(inbound: inbound, outbound: outbound))
        }
    }

    /// Sends a GET with `headers`.
    func get(_ path: String, headers: [String] = []) async throws {
        let lines = ["GET \(path) HTTP/1.1", "Host: 127.0.0.1"] + headers
        try await outbound.write(ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n\r\n"))
    }

    /// Sends raw text.
    func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Reads one buffer; nil at end of stream.
    @discardableResult
    func readOnce() async throws -> ByteBuffer? {
        guard let buffer = try await inbound.next() else { return nil }
        bytesReceived += buffer.readableBytes
        if keepText { text += String(buffer: buffer) }
        return buffer
    }

    /// Reads until the received text contains `marker`; false if the stream ended first.
    func read(until marker: String) async throws -> Bool {
        while !text.contains(marker) {
            guard try await readOnce() != nil else { return false }
        }
        return true
    }
}
