import WalletStreamCore

/// The bytes of one row of `trade_chunks`: a run of a wallet's trades in the total order, each
/// as a 26-byte header (slot, block time, leg, signature length, JSON length; little endian)
/// followed by its signature and its wire JSON. A stream copies these bytes; it never decodes a
/// trade.
enum TradeChunkBody {
    static let headerBytes = 26

    /// Appends the record of the trade with order key `key`.
    static func append(_ key: TradeOrderKey, json: some Collection<UInt8>, to bytes: inout [UInt8]) {
        let signature = key.signature.utf8
        appendLittleEndian(key.slot, to: &bytes)
        appendLittleEndian(UInt64(bitPattern: key.blockTime), to: &bytes)
        appendLittleEndian(UInt32(truncatingIfNeeded: key.leg), to: &bytes)
        appendLittleEndian(UInt16(truncatingIfNeeded: signature.count), to: &bytes)
        appendLittleEndian(UInt32(truncatingIfNeeded: json.count), to: &bytes)
        bytes.append(contentsOf: signature)
        bytes.append(contentsOf: json)
    }

    /// One record's key and where its signature and JSON lie, as offsets into the body.
    struct Record {
        var slot: UInt64
        var blockTime: Int64
        var leg: Int
        var signature: Range<Int>
        var json: Range<Int>
        /// The whole record, header included.
        var bytes: Range<Int>
    }

    /// The records of `bytes[start...]`, in order; nil when the body is malformed.
    static func records(_ bytes: [UInt8], from start: Int = 0) -> [Record]? {
        bytes.withUnsafeBytes { raw -> [Record]? in
            var records: [Record] = []
            records.reserveCapacity(64)
            var offset = start
            while offset < raw.count {
                guard offset + headerBytes <= raw.count else { return nil }
                let slot = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let blockTime = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                let leg = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
                let signatureCount = UInt16(
                    littleEndian: raw.loadUnaligned(fromByteOffset: offset + 20, as: UInt16.self))
                let jsonCount = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 22, as: UInt32.self))
                let signatureStart = offset + headerBytes
                let jsonStart = signatureStart + Int(signatureCount)
                let end = jsonStart + Int(jsonCount)
                guard end <= raw.count, jsonCount > 0 else { return nil }
                records.append(
                    Record(
                        slot: slot, blockTime: Int64(bitPattern: blockTime), leg: Int(leg),
                        signature: signatureStart..<jsonStart, json: jsonStart..<end, bytes: offset..<end))
                offset = end
            }
            return records
        }
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
