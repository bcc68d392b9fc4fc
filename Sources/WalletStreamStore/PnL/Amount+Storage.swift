import WalletStreamCore

extension Amount {
    /// 16 bytes, big-endian, sign bit flipped: exact, and a byte-wise comparison (SQLite's BLOB,
    /// PostgreSQL's `bytea`) orders them as the numbers they hold, so an index can rank by it.
    public var storageBytes: [UInt8] {
        var bytes = [UInt8]()
        appendStorageBytes(to: &bytes)
        return bytes
    }

    public func appendStorageBytes(to bytes: inout [UInt8]) {
        let biased = UInt128(bitPattern: units) ^ (UInt128(1) << 127)
        for shift in stride(from: 120, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: biased >> shift)) }
    }

    /// Reads what ``appendStorageBytes(to:)`` wrote at `offset` (16 bytes must be there).
    public init(storageBytes bytes: UnsafeRawBufferPointer, at offset: Int) {
        var biased: UInt128 = 0
        for index in offset..<(offset + 16) { biased = biased << 8 | UInt128(bytes[index]) }
        self.init(units: Int128(bitPattern: biased ^ (UInt128(1) << 127)))
    }
}

extension Lot {
    /// Appends `lots` as stored in a position row: per lot a flag byte (1 when it has a USD
    /// cost), its quantity and SOL cost, then its USD cost when it has one (16 bytes each).
    public static func appendStorageBytes(_ lots: some Sequence<Lot>, to bytes: inout [UInt8]) {
        for lot in lots {
            bytes.append(lot.costUSD == nil ? 0 : 1)
            lot.quantity.appendStorageBytes(to: &bytes)
            lot.costSOL.appendStorageBytes(to: &bytes)
            lot.costUSD?.appendStorageBytes(to: &bytes)
        }
    }

    /// Reads what ``appendStorageBytes(_:to:)`` wrote; nil when the bytes are truncated.
    public static func lots(storageBytes bytes: UnsafeRawBufferPointer) -> [Lot]? {
        var lots: [Lot] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 33 <= bytes.count else { return nil }
            let hasUSD = bytes[offset] == 1
            let quantity = Amount(storageBytes: bytes, at: offset + 1)
            let costSOL = Amount(storageBytes: bytes, at: offset + 17)
            offset += 33
            var costUSD: Amount?
            if hasUSD {
                guard offset + 16 <= bytes.count else { return nil }
                costUSD = Amount(storageBytes: bytes, at: offset)
                offset += 16
            }
            lots.append(Lot(quantity: quantity, costSOL: costSOL, costUSD: costUSD))
        }
        return lots
    }
}
