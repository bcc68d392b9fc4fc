/// A position in a wallet's total order of trades: "after this trade".
///
/// Encoded as an opaque, URL-safe token of at most 64 characters (base64url, no padding, so
/// no character forces a CORS preflight as a `Last-Event-ID`). It carries the order key of the
/// trade, so it stays valid when newer or older trades are inserted, and a 32-bit tag of the
/// wallet, so a cursor from another wallet is rejected instead of silently misapplied.
///
/// A Solana signature is 86–88 characters, too long to fit whole; the cursor keeps as much of
/// its prefix as fits (at least 20 base58 characters, about 117 bits). Two signatures of one
/// wallet that share that prefix inside one slot and second are treated as one position.
public struct TradeCursor: Sendable, Hashable {
    public var walletTag: UInt32
    public var slot: UInt64
    public var blockTime: Int64
    /// The signature, or its longest prefix that fits in the encoded form.
    public var signaturePrefix: String
    public var leg: Int
    /// For a following stream's event ids: the sequence of the wallet's late-trade journal
    /// through which corrections were accounted for, so that a reconnect is told of late trades
    /// stored while it was away. Nil in every other cursor.
    public var lateMark: Int64?

    /// 2: with a checksum (``CursorChecksum``); version 1 cursors had none and are refused.
    static let version: UInt8 = 2
    /// Version 2 followed by a ``lateMark``.
    static let markedVersion: UInt8 = 3
    /// 48 raw bytes encode to exactly 64 base64url characters.
    static let maxRawBytes = 48

    /// The cursor just after `trade` in `wallet`'s order.
    public init(wallet: WalletAddress, after trade: Trade) {
        self.init(
            wallet: wallet, slot: trade.slot, blockTime: trade.blockTime, signature: trade.signature.utf8,
            leg: trade.leg)
    }

    /// The cursor just after the trade with this order key (the signature as UTF-8 bytes).
    public init(wallet: WalletAddress, slot: UInt64, blockTime: Int64, signature: some Collection<UInt8>, leg: Int) {
        walletTag = Self.tag(for: wallet)
        self.slot = slot
        self.blockTime = blockTime
        self.leg = leg
        signaturePrefix = ""
        signaturePrefix = String(decoding: signature.prefix(room), as: UTF8.self)
    }

    /// This position carrying `mark` (``lateMark``). The mark takes room from the signature's
    /// prefix, which keeps at least 20 characters for any realistic slot and mark.
    public func marked(_ mark: Int64) -> TradeCursor {
        var cursor = self
        cursor.lateMark = mark
        cursor.signaturePrefix = String(signaturePrefix.prefix(cursor.room))
        return cursor
    }

    /// The opaque text form.
    public var encoded: String {
        var raw = header
        raw.append(contentsOf: signaturePrefix.utf8)
        CursorChecksum.append(to: &raw)
        return Base64URL.encode(raw)
    }

    /// Bytes left for the signature's prefix.
    private var room: Int { Self.maxRawBytes - header.count - CursorChecksum.byteCount }

    /// Decodes `text` and checks that it belongs to `wallet`.
    public init(decoding text: String, wallet: WalletAddress) throws(WalletStreamError) {
        func invalid(_ why: String) -> WalletStreamError {
            WalletStreamError(code: .invalidCursor, message: "cursor '\(text.prefix(80))' is invalid: \(why)")
        }
        guard text.utf8.count <= 64, let decoded = Base64URL.decode(text), decoded.count > 5 else {
            throw invalid("not a cursor issued by this service")
        }
        guard decoded[0] == Self.version || decoded[0] == Self.markedVersion else {
            throw invalid("unknown cursor version")
        }
        guard let raw = CursorChecksum.verified(decoded), raw.count > 5 else {
            throw invalid("it was cut short or altered")
        }
        var reader = VarintReader(bytes: raw, offset: 5)
        let tag = raw[1..<5].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard let slot = reader.next(), let zigzag = reader.next(), let leg = reader.next(), leg <= 65_535 else {
            throw invalid("not a cursor issued by this service")
        }
        if raw[0] == Self.markedVersion {
            guard let mark = reader.next(), mark <= UInt64(Int64.max) else {
                throw invalid("not a cursor issued by this service")
            }
            lateMark = Int64(mark)
        }
        let prefix = raw[reader.offset...]
        // Signatures are printable ASCII below 0x7F, which the store's range query relies on.
        guard !prefix.isEmpty, prefix.allSatisfy({ (0x21..<0x7F).contains($0) }) else {
            throw invalid("not a cursor issued by this service")
        }
        guard tag == Self.tag(for: wallet) else { throw invalid("it belongs to another wallet") }
        walletTag = tag
        self.slot = slot
        blockTime = Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
        self.leg = Int(leg)
        signaturePrefix = String(decoding: prefix, as: UTF8.self)
    }

    /// Whether `key` comes strictly after this position.
    public func precedes(_ key: TradeOrderKey) -> Bool {
        if key.slot != slot { return key.slot > slot }
        if key.blockTime != blockTime { return key.blockTime > blockTime }
        let signature = key.signature.utf8
        if signature.starts(with: signaturePrefix.utf8) { return key.leg > leg }
        return signaturePrefix.utf8.lexicographicallyPrecedes(signature)
    }

    /// FNV-1a of the address, folded to 32 bits.
    static func tag(for wallet: WalletAddress) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in wallet.rawValue.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return UInt32(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// The bytes before the signature's prefix.
    private var header: [UInt8] {
        let tag = walletTag
        var bytes: [UInt8] = [
            lateMark == nil ? Self.version : Self.markedVersion,
            UInt8(tag >> 24), UInt8(tag >> 16 & 0xFF), UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF),
        ]
        Self.appendVarint(slot, to: &bytes)
        Self.appendVarint(UInt64(bitPattern: (blockTime << 1) ^ (blockTime >> 63)), to: &bytes)
        Self.appendVarint(UInt64(leg), to: &bytes)
        if let lateMark { Self.appendVarint(UInt64(max(0, lateMark)), to: &bytes) }
        return bytes
    }

    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(remaining & 0x7F) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(remaining))
    }
}

struct VarintReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func next() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
