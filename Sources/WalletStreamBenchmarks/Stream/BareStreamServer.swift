import Foundation
import Hummingbird
import Logging
import NIOCore
import WalletStreamServer

/// The ceiling: a streaming handler that writes pre-recorded stream bytes in the same chunk
/// size as the real server, with no store read and no encoding.
public enum BareStreamServer {
    /// `onLoop`: the handler's task runs on its channel's event loop, as the stream's writer does.
    public static func run(file: String, port: Int, chunkBytes: Int, onLoop: Bool, logger: Logger) async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("cannot read \(file)") }
        let bytes = [UInt8](data)
        let router = Router(context: WalletStreamRequestContext.self)
        router.get("/bare") { _, context in
            let executor = onLoop ? EventLoopTaskExecutor(context.channel.eventLoop) : nil
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    try await withTaskExecutorPreference(executor) {
                        var offset = 0
                        while offset < bytes.count {
                            let end = min(offset + chunkBytes, bytes.count)
                            try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
                            offset = end
                        }
                    }
                    try await writer.finish(nil)
                })
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                FileHandle.standardOutput.write(
                    Data("listening on http://127.0.0.1:\(channel.localAddress?.port ?? port) \n".utf8))
            }, logger: logger)
        try await app.runService()
    }
}
