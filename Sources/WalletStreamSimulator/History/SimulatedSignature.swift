import WalletStreamCore
import WalletStreamIngest

/// Deterministic 64-byte transaction signatures that carry their wallet tag and index.
///
/// The first 52 bytes come from SplitMix64 seeded by (seed, tag, index); the last 12 hold
/// the tag and index masked by a stream keyed on the first 8 bytes, so they look random but
/// decode back without any table.
enum SimulatedSignature {
    static func bytes(seed: UInt64, tag: UInt32, index: Int) -> [UInt8] {
        var random = SplitMix64(
            seed: seed ^ (UInt64(tag) << 29) ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        while bytes.count < 52 {
            var word = random.next()
            for _ in 0..<4 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        // A leading zero byte would encode as '1', which real signatures almost never start with.
        if bytes[0] == 0 { bytes[0] = 0x5A }
        var payload: [UInt8] = []
        payload.reserveCapacity(12)
        appendLittleEndian(UInt64(tag), count: 4, to: &payload)
        appendLittleEndian(UInt64(truncatingIfNeeded: index), count: 8, to: &payload)
        let mask = mask(seed: seed, prefix: bytes)
        for offset in 0..<12 { bytes.append(payload[offset] ^ mask[offset]) }
        return bytes
    }

    static func make(seed: UInt64, tag: UInt32, index: Int) -> String {
        Base58.encode(bytes(seed: seed, tag: tag, index: index))
    }

    /// The tag and index a signature of this seed encodes, or nil for any other string.
    static func decode(_ signature: String, seed: UInt64) -> (tag: UInt32, index: Int)? {
        guard signature.utf8.count >= 80, signature.utf8.count <= 90, let bytes = Base58.decode(signature),
            bytes.count == 64
        else { return nil }
        let mask = mask(seed: seed, prefix: bytes)
        var tag: UInt64 = 0
        var index: UInt64 = 0
        for offset in (0..<4).reversed() { tag = tag << 8 | UInt64(bytes[52 + offset] ^ mask[offset]) }
        for offset in (4..<12).reversed() { index = index << 8 | UInt64(bytes[52 + offset] ^ mask[offset]) }
        guard index < UInt64(Int.max) else { return nil }
        let decoded = (tag: UInt32(truncatingIfNeeded: tag), index: Int(index))
        guard Self.bytes(seed: seed, tag: decoded.tag, index: decoded.index) == bytes else { return nil }
        return decoded
    }

    private static func mask(seed: UInt64, prefix: [UInt8]) -> [UInt8] {
        var key: UInt64 = 0
        for offset in 0..<8 { key = key << 8 | UInt64(prefix[offset]) }
        var random = SplitMix64(seed: seed ^ key ^ 0x5349_474E)
        var mask: [UInt8] = []
        appendLittleEndian(random.next(), count: 8, to: &mask)
        appendLittleEndian(random.next(), count: 4, to: &mask)
        return mask
    }

    private static func appendLittleEndian(_ value: UInt64, count: Int, to bytes: inout [UInt8]) {
        var value = value
        for _ in 0..<count {
            bytes.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    /// A stable 32-bit tag of a wallet address (FNV-1a).
    static func tag(of address: String) -> UInt32 {
        UInt32(truncatingIfNeeded: fnv1a(address) >> 16)
    }

    /// FNV-1a of the UTF-8 bytes, for deriving stable addresses.
    static func fnv1a(_ text: String, basis: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
