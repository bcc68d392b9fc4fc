import Foundation

/// Runs the `walletstream` executable built next to this test bundle.
enum WalletStreamProcess {
    struct Result {
        var status: Int32
        var output: Data
        var error: String

        /// Standard output as text.
        var text: String { String(decoding: output, as: UTF8.self) }
    }

    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("walletstream").path
    }

    /// Runs `walletstream arguments…` in `directory` (default: the current one).
    static func run(_ arguments: [String], in directory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Standard error is small here; read it after standard output so neither pipe fills.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: data, error: errorText)
    }
}
