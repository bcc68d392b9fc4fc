/// A position in a wallet's token table (`GET /v4/wallet/{a}/tokens`): "after this token" in
/// one of the ``TokenOrder``s. Opaque base64url text carrying the order, a tag of the wallet,
/// the token's realized SOL P&L and its mint, so pages stay stable while other tokens change.
public struct TokenCursor: Sendable, Hashable {
    public var order: TokenOrder
    public var walletTag: UInt32
    public var realizedSOL: Amount
    public var mint: String

    /// 2: with a checksum (``CursorChecksum``).
    static let version: UInt8 = 2

    /// The cursor just after `token` in `wallet`'s table in `order`.
    public init(wallet: WalletAddress, order: TokenOrder, after token: TokenSummary) {
        self.order = order
        walletTag = TradeCursor.tag(for: wallet)
        realizedSOL = token.realizedPnLSOL
        mint = token.mint
    }

    /// The opaque text form.
    public var encoded: String {
        var raw: [UInt8] = [Self.version, order.code]
        for shift in stride(from: 24, through: 0, by: -8) { raw.append(UInt8(truncatingIfNeeded: walletTag >> shift)) }
        let units = UInt128(bitPattern: realizedSOL.units)
        for shift in stride(from: 120, through: 0, by: -8) { raw.append(UInt8(truncatingIfNeeded: units >> shift)) }
        raw.append(contentsOf: mint.utf8)
        CursorChecksum.append(to: &raw)
        return Base64URL.encode(raw)
    }

    /// Decodes `text` and checks that it belongs to `wallet` and `order`.
    public init(decoding text: String, wallet: WalletAddress, order: TokenOrder) throws(WalletStreamError) {
        func invalid(_ why: String) -> WalletStreamError {
            WalletStreamError(code: .invalidCursor, message: "cursor '\(text.prefix(80))' is invalid: \(why)")
        }
        guard text.utf8.count <= 128, let decoded = Base64URL.decode(text), decoded.count > 22,
            decoded[0] == Self.version
        else { throw invalid("not a token cursor issued by this service") }
        guard let raw = CursorChecksum.verified(decoded), raw.count > 22, let decodedOrder = TokenOrder(code: raw[1])
        else { throw invalid("it was cut short or altered") }
        let tag = raw[2..<6].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let units = raw[6..<22].reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        let mintBytes = raw[22...]
        guard mintBytes.allSatisfy({ (0x21..<0x7F).contains($0) }) else {
            throw invalid("not a token cursor issued by this service")
        }
        guard tag == TradeCursor.tag(for: wallet) else { throw invalid("it belongs to another wallet") }
        guard decodedOrder == order else { throw invalid("it was issued for sort=\(decodedOrder.rawValue)") }
        self.order = order
        walletTag = tag
        realizedSOL = Amount(units: Int128(bitPattern: units))
        mint = String(decoding: mintBytes, as: UTF8.self)
    }
}

/// The orders of a wallet's token table.
public enum TokenOrder: String, Sendable, Hashable, CaseIterable {
    /// Realized SOL P&L, highest first, then mint ascending (the summary's ranking).
    case pnlDescending = "pnl_desc"
    /// The exact reverse: realized SOL P&L, lowest first, then mint descending.
    case pnlAscending = "pnl_asc"
    /// Mint ascending.
    case mint

    var code: UInt8 {
        switch self {
        case .pnlDescending: 1
        case .pnlAscending: 2
        case .mint: 3
        }
    }

    init?(code: UInt8) {
        guard let order = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = order
    }
}
