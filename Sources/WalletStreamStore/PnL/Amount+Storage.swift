import WalletStreamCore

extension Amount {
    /// 16 bytes, big-endian, sign bit flipped: exact, and SQLite's BLOB comparison (memcmp)
    /// orders them as the numbers they hold, so an index can rank by it.
    var storageBytes: [UInt8] {
        var bytes = [UInt8]()
        appendStorageBytes(to: &bytes)
        return bytes
    }

    func appendStorageBytes(to bytes: inout [UInt8]) {
        let biased = UInt128(bitPattern: units) ^ (UInt128(1) << 127)
        for shift in stride(from: 120, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: biased >> shift)) }
    }

    /// Reads what ``appendStorageBytes(to:)`` wrote at `offset` (16 bytes must be there).
    init(storageBytes bytes: UnsafeRawBufferPointer, at offset: Int) {
        var biased: UInt128 = 0
        for index in offset..<(offset + 16) { biased = biased << 8 | UInt128(bytes[index]) }
        self.init(units: Int128(bitPattern: biased ^ (UInt128(1) << 127)))
    }
}
