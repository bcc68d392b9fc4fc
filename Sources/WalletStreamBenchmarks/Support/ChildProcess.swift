import Foundation

/// Runs a short command to its end (seeding, listing) and returns its standard output.
enum ChildProcess {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// Throws when the command exits with a failure, unless `mayFail`, which returns "".
    static func run(_ executable: String, _ arguments: [String], mayFail: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = mayFail ? FileHandle.nullDevice : FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if mayFail { return "" }
            throw Failed(description: "\(arguments.first ?? executable) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
