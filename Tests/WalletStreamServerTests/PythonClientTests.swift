import Foundation
import Testing
import WalletStreamCore
import WalletStreamTestSupport

/// A third-party client (Python httpx + httpx-sse) reads the same trades as the Swift reader.
@Suite(.timeLimit(.minutes(2))) struct PythonClientTests {
    static let script: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast()
        return components.joined(separator: "/") + "/Python/sse_client.py"
    }()

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `python3 script url`; returns its stdout.
    static func runScript(url: String, directory: TemporaryDirectory) async throws -> String {
        let result = try await ExternalProcess.run(["python3", script, url], in: directory)
        guard result.status == 0 else {
            throw Failed(description: "sse_client.py exited with \(result.status): \(result.errors)")
        }
        return result.output
    }

    @Test func httpxSSEReadsTheSameTrades() async throws {
        let seeded = try await SeededStore.demo(count: 230)
        let directory = TemporaryDirectory()
        try await TestServer.with(store: seeded.store) { server in
            let url = server.url(seeded.streamPath("batch_size=25"))
            let swift = try await SSEClient.read(url).run().trades
            #expect(swift.count == 230)
            let output = try await Self.runScript(url: url, directory: directory)
            let lines = output.split(separator: "\n")
            let python = try lines.map { try JSONDecoder().decode(Trade.self, from: Data($0.utf8)) }
            #expect(python.map { "\($0.signature)#\($0.leg)" } == swift.map { "\($0.signature)#\($0.leg)" })
            #expect(python == swift)
        }
    }
}
