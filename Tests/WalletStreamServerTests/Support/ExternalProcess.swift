import Foundation
import WalletStreamTestSupport

/// Runs a program the tests drive from outside (a Python client, a fuzzer) to its end.
enum ExternalProcess {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `arguments` (looked up on PATH) with its output in files of `directory`.
    static func run(_ arguments: [String], in directory: TemporaryDirectory) async throws -> Result {
        let output = directory.file("stdout-\(UUID().uuidString).txt")
        let errors = directory.file("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
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
        return Result(
            status: status, output: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
    }
}
