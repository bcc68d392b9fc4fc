import Foundation
import Hummingbird
import Logging
import NIOCore

/// The ceiling: a streaming handler that writes pre-recorded stream bytes in the same chunk
/// size as the real server, with no store read and no encoding.
public enum BareStreamServer {
    public static func run(file: String, port: Int, chunkBytes: Int, logger: Logger) async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("cannot read \(file)") }
        let bytes = [UInt8](data)
        let router = Router()
        router.get("/bare") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/event-stream"],
                body: ResponseBody { writer in
                    var offset = 0
                    while offset < bytes.count {
                        let end = min(offset + chunkBytes, bytes.count)
                        try await writer.write(ByteBuffer(bytes: bytes[offset..<end]))
                        offset = end
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
