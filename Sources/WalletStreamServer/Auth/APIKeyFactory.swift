import Crypto
import WalletStreamStore

/// Makes, hashes and recognizes API keys: `wsk_<8 hex: prefix>_<64 hex: secret>`.
///
/// The prefix is public (it finds the stored record and names the key in `keys list`); the
/// store keeps only the SHA-256 of the whole key, compared in constant time.
public enum APIKeyFactory {
    /// A new key and its prefix and hash; the key is shown once and never stored.
    public static func generate() -> (key: String, prefix: String, hash: [UInt8]) {
        var generator = SystemRandomNumberGenerator()
        let prefix = hex((0..<4).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let secret = hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let key = "wsk_\(prefix)_\(secret)"
        return (key, prefix, hash(key))
    }

    public static func hash(_ key: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(key.utf8)))
    }

    /// The prefix of a well-formed key; nil for anything else.
    static func prefix(of key: String) -> String? {
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "wsk", parts[1].utf8.count == 8, parts[2].utf8.count == 64,
            parts[1].utf8.allSatisfy(isHex), parts[2].utf8.allSatisfy(isHex)
        else { return nil }
        return String(parts[1])
    }

    /// Whether `key` is the key `record` was made from: its hash compared in constant time.
    static func matches(_ key: String, _ record: APIKeyRecord) -> Bool {
        let presented = hash(key)
        guard presented.count == record.hash.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(presented, record.hash) { difference |= a ^ b }
        return difference == 0
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
