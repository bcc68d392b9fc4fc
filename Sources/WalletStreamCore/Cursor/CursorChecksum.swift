/// A 16-bit check appended to a cursor's raw bytes, so that a cursor cut short or altered is
/// rejected instead of read as another position.
enum CursorChecksum {
    static let byteCount = 2

    static func append(to raw: inout [UInt8]) {
        let sum = checksum(raw[...])
        raw.append(UInt8(sum >> 8))
        raw.append(UInt8(sum & 0xFF))
    }

    /// The bytes before the checksum when it matches them, else nil.
    static func verified(_ raw: [UInt8]) -> [UInt8]? {
        guard raw.count > byteCount else { return nil }
        let body = raw.dropLast(byteCount)
        let stored = UInt16(raw[raw.count - 2]) << 8 | UInt16(raw[raw.count - 1])
        return checksum(body) == stored ? Array(body) : nil
    }

    /// FNV-1a, folded to 16 bits.
    private static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return UInt16(truncatingIfNeeded: hash ^ (hash >> 16))
    }
}
