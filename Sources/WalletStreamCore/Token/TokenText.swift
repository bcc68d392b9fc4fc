/// Token symbols and names come from whoever minted the token: untrusted text. Cleaned once,
/// when they enter the store, they can never break the JSON, CSV or terminal output built
/// from them.
public enum TokenText {
    /// Characters kept of a symbol.
    public static let maxSymbolCharacters = 16
    /// Characters kept of a name.
    public static let maxNameCharacters = 64

    /// `text` without control characters (C0, C1, DEL), bidirectional overrides and
    /// invisible format characters, or U+FFFD (what invalid UTF-8 decodes to); runs of
    /// whitespace become one space; at most `limit` characters; nil when nothing is left.
    public static func clean(_ text: String, limit: Int) -> String? {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if isRemoved(scalar) { continue }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
        }
        let cleaned = String(String(scalars).prefix(limit))
        return cleaned.isEmpty ? nil : cleaned
    }

    /// A cleaned symbol (see ``clean(_:limit:)``).
    public static func symbol(_ text: String?) -> String? { text.flatMap { clean($0, limit: maxSymbolCharacters) } }

    /// A cleaned name (see ``clean(_:limit:)``).
    public static func name(_ text: String?) -> String? { text.flatMap { clean($0, limit: maxNameCharacters) } }

    private static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return scalar == "\u{FFFD}"
        }
    }
}
