import Foundation
import Logging

/// One JSON object per log record (`serve --log-format json`), for log shippers:
/// `{"timestamp", "level", "label", "message", "metadata": {…}}`, keys sorted.
public struct JSONLogHandler: LogHandler {
    struct Line: Encodable {
        var timestamp: String
        var level: String
        var label: String
        var message: String
        var metadata: [String: String]?
    }

    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let output: @Sendable (String) -> Void

    /// A handler writing each line (newline included) with `output`; standard error by default.
    public init(
        label: String,
        output: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.label = label
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line = Line(
            timestamp: Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true)),
            level: event.level.rawValue, label: label, message: "\(event.message)",
            metadata: merged.isEmpty ? nil : merged.mapValues { "\($0)" })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(line) else { return }
        output(String(decoding: data, as: UTF8.self) + "\n")
    }
}
