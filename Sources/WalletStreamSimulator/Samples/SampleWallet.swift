import Foundation
import WalletStreamCore

/// The real wallet's 20 enhanced transactions from the shared sample file, served verbatim
/// (each element's original JSON text), newest first.
struct SampleWallet: Sendable {
    struct Entry: Sendable {
        let signature: String
        let slot: UInt64
        let blockTime: Int64
        let failed: Bool
        /// The element's JSON text exactly as in the file.
        let json: [UInt8]
    }

    let address: String
    /// Newest first.
    let entries: [Entry]
    private let positions: [String: Int]

    private struct Header: Decodable {
        var signature: String
        var slot: UInt64
        var timestamp: Int64
        var transactionError: TransactionError?
    }

    /// Any non-null `transactionError`.
    private struct TransactionError: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    /// Reads the sample file; nil when it is missing or not a JSON array of transactions.
    init?(path: String, address: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let decoder = JSONDecoder()
        var entries: [Entry] = []
        for range in Self.elements(of: bytes) {
            let json = Array(bytes[range])
            guard let header = try? decoder.decode(Header.self, from: Data(json)) else { return nil }
            entries.append(
                Entry(
                    signature: header.signature, slot: header.slot, blockTime: header.timestamp,
                    failed: header.transactionError != nil, json: json))
        }
        guard !entries.isEmpty else { return nil }
        // Newest first; the file already is, the stable sort only guarantees it.
        let ordered = entries.enumerated().sorted { lhs, rhs in
            lhs.element.slot != rhs.element.slot ? lhs.element.slot > rhs.element.slot : lhs.offset < rhs.offset
        }.map(\.element)
        self.address = address
        self.entries = ordered
        positions = Dictionary(ordered.enumerated().map { ($0.element.signature, $0.offset) }) { first, _ in first }
    }

    func entry(_ signature: String) -> Entry? {
        positions[signature].map { entries[$0] }
    }

    /// Positions in ``entries`` for `getSignaturesForAddress`: after `before`, before `until`.
    func listing(before: String?, until: String?, limit: Int) -> [Int] {
        var start = 0
        if let before {
            guard let position = positions[before] else { return [] }
            start = position + 1
        }
        var end = entries.count
        if let until, let position = positions[until] { end = min(end, position) }
        guard start < end else { return [] }
        return Array(start..<min(end, start + limit))
    }

    /// The byte ranges of the top-level elements of a JSON array (string-aware bracket matching).
    static func elements(of bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start = 0
        for (offset, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 1 { start = offset }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 1 { ranges.append(start..<(offset + 1)) }
            default: break
            }
        }
        return ranges
    }
}
