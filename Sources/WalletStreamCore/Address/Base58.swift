/// Bitcoin-alphabet base58, as used for Solana addresses and signatures.
public enum Base58 {
    /// The 58 digits, in value order.
    public static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let decodeTable: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = Int8(index) }
        return table
    }()

    /// Whether `byte` is a base58 character.
    public static func isAlphabet(_ byte: UInt8) -> Bool { decodeTable[Int(byte)] >= 0 }

    /// Decodes a base58 string; nil when it contains a character outside the alphabet.
    public static func decode(_ text: String) -> [UInt8]? {
        let input = Array(text.utf8)
        var leadingZeros = 0
        while leadingZeros < input.count, input[leadingZeros] == alphabet[0] { leadingZeros += 1 }
        // Big-endian base-256 digits, grown as needed.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count)
        for character in input[leadingZeros...] {
            let value = decodeTable[Int(character)]
            guard value >= 0 else { return nil }
            var carry = Int(value)
            for index in bytes.indices.reversed() {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: leadingZeros) + bytes
    }

    /// Encodes bytes as base58.
    public static func encode(_ bytes: [UInt8]) -> String {
        var leadingZeros = 0
        while leadingZeros < bytes.count, bytes[leadingZeros] == 0 { leadingZeros += 1 }
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 138 / 100 + 1)
        for byte in bytes[leadingZeros...] {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var output = [UInt8](repeating: alphabet[0], count: leadingZeros)
        output.append(contentsOf: digits.reversed().map { alphabet[Int($0)] })
        return String(decoding: output, as: UTF8.self)
    }
}
