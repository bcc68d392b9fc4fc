import WalletStreamCore

/// The bytes of one row of `trade_chunks`: a run of a wallet's trades in the total order, each
/// as a 26-byte header (slot, block time, leg, signature length, JSON length; little endian)
/// followed by its signature and its wire JSON. A stream copies these bytes; it never decodes a
/// trade. Both stores keep chunks in this format.
public enum TradeChunkBody {
    static let headerBytes = 26
    /// Trades per full chunk.
    public static let tradesPerChunk = 64

    /// Appends the record of the trade with order key `key`.
    public static func append(_ key: TradeOrderKey, json: some Collection<UInt8>, to bytes: inout [UInt8]) {
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
    public struct Record: Sendable {
        public var slot: UInt64
        public var blockTime: Int64
        public var leg: Int
        public var signature: Range<Int>
        public var json: Range<Int>
        /// The whole record, header included.
        public var bytes: Range<Int>
    }

    /// The records of `bytes[start...]`, in order; nil when the body is malformed.
    public static func records(_ bytes: [UInt8], from start: Int = 0) -> [Record]? {
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

    /// Appends the stream rows of the chunk `bytes` (which they share); false when it is
    /// malformed.
    public static func appendRows(of bytes: [UInt8], to rows: inout [StreamRow]) -> Bool {
        guard let records = records(bytes) else { return false }
        for record in records {
            rows.append(
                StreamRow(
                    slot: record.slot, blockTime: record.blockTime, leg: record.leg,
                    signature: bytes[record.signature], json: bytes[record.json]))
        }
        return true
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
