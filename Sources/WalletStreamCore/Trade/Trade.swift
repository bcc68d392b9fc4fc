/// One trade of a wallet: one leg of one transaction.
///
/// A wallet's trades are totally ordered, oldest first, by ``orderKey``:
/// (slot, block time, signature, leg). Listings, streams and P&L all follow it.
public struct Trade: Sendable, Hashable {
    /// Transaction signature (base58).
    public var signature: String
    /// The slot the transaction landed in.
    public var slot: UInt64
    /// Block time, seconds since 1970-01-01 UTC.
    public var blockTime: Int64
    /// Index of this trade among the wallet's trades in the same transaction.
    public var leg: Int
    /// DEX or program name; `"unknown"` when the source does not say.
    public var venue: String
    public var side: TradeSide
    /// What the wallet gave.
    public var sold: TokenLeg
    /// What the wallet received.
    public var bought: TokenLeg
    /// The SOL leg; nil for token → token swaps.
    public var solAmount: Amount?
    /// USD value of the trade, when known.
    public var usdValue: Amount?
    /// Where ``usdValue`` came from (nil when it is unknown, or stored before sources were kept).
    public var usdSource: USDSource?
    /// Network fee paid by the wallet, when known.
    public var feeSOL: Amount?

    public init(
        signature: String,
        slot: UInt64,
        blockTime: Int64,
        leg: Int = 0,
        venue: String,
        side: TradeSide,
        sold: TokenLeg,
        bought: TokenLeg,
        solAmount: Amount?,
        usdValue: Amount? = nil,
        feeSOL: Amount? = nil,
        usdSource: USDSource? = nil
    ) {
        self.signature = signature
        self.slot = slot
        self.blockTime = blockTime
        self.leg = leg
        self.venue = venue
        self.side = side
        self.sold = sold
        self.bought = bought
        self.solAmount = solAmount
        self.usdValue = usdValue
        self.feeSOL = feeSOL
        self.usdSource = usdSource
    }

    /// The key of the total order.
    public var orderKey: TradeOrderKey {
        TradeOrderKey(slot: slot, blockTime: blockTime, signature: signature, leg: leg)
    }

    /// The token that is not SOL in a buy or sell (the bought leg of a buy, the sold leg of a sell).
    public var tokenLeg: TokenLeg {
        side == .sell ? sold : bought
    }
}

/// The total order of a wallet's trades: slot, then block time, then signature bytes, then leg.
public struct TradeOrderKey: Sendable, Hashable, Comparable {
    public var slot: UInt64
    public var blockTime: Int64
    public var signature: String
    public var leg: Int

    public init(slot: UInt64, blockTime: Int64, signature: String, leg: Int) {
        self.slot = slot
        self.blockTime = blockTime
        self.signature = signature
        self.leg = leg
    }

    public static func < (lhs: TradeOrderKey, rhs: TradeOrderKey) -> Bool {
        if lhs.slot != rhs.slot { return lhs.slot < rhs.slot }
        if lhs.blockTime != rhs.blockTime { return lhs.blockTime < rhs.blockTime }
        if lhs.signature != rhs.signature {
            // Byte order, as SQLite's BINARY collation and PostgreSQL's "C" collation compare.
            return lhs.signature.utf8.lexicographicallyPrecedes(rhs.signature.utf8)
        }
        return lhs.leg < rhs.leg
    }
}
