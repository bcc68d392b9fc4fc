import Foundation

extension Encodable {
    /// Compact JSON of a payload, keys sorted so that output is deterministic.
    public func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}
