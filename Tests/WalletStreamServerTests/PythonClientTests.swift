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
        let output = directory.file("stdout.txt")
        let errors = directory.file("stderr.txt")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, url]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failed(description: "sse_client.py exited with \(status): \(message)")
        }
        return try String(contentsOfFile: output, encoding: .utf8)
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
