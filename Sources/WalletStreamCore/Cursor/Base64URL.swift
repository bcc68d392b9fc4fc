/// RFC 4648 §5 base64url without padding.
enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let chunk = b0 << 16 | b1 << 8 | b2
            let characters = min(4, (bytes.count - index) + 1)
            for position in 0..<characters {
                output.append(alphabet[Int(chunk >> UInt32(18 - 6 * position) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt32] = []
        values.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(UInt32(byte - 65))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(UInt32(byte - 71))
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(UInt32(byte + 4))
            case UInt8(ascii: "-"): values.append(62)
            case UInt8(ascii: "_"): values.append(63)
            default: return nil
            }
        }
        guard values.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        var index = 0
        while index < values.count {
            let count = min(4, values.count - index)
            var chunk: UInt32 = 0
            for position in 0..<4 {
                chunk = chunk << 6 | (position < count ? values[index + position] : 0)
            }
            let produced = count - 1
            for position in 0..<produced {
                output.append(UInt8(truncatingIfNeeded: chunk >> UInt32(16 - 8 * position)))
            }
            index += 4
        }
        // Reject non-canonical encodings whose unused trailing bits are set.
        guard encode(output) == text else { return nil }
        return output
    }
}
