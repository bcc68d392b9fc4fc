/// A row an import with `skipInvalid` left out, and why.
public struct InvalidLine: Sendable, Hashable, Codable {
    /// The 1-based physical line the row starts on.
    public var line: Int
    /// The row's error message, which names the line and the column.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}
