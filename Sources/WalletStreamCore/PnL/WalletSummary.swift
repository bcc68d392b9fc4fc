/// The P&L summary of one wallet: its figures, best and worst token, and the
/// ``PnLEngine/rankedTokens`` best and worst tokens, so that its size never depends on the
/// wallet (the full token table is paged separately). Decimal values encode as JSON strings,
/// counts as integers.
public struct WalletSummary: Sendable, Hashable, Codable {
    public var wallet: String
    public var trades: Int
    public var buys: Int
    public var sells: Int
    public var swaps: Int
    public var uniqueTokens: Int
    /// SOL leg of buys and sells.
    public var volumeSOL: Amount
    /// USD value of buys and sells, where known.
    public var volumeUSD: Amount
    public var realizedPnLSOL: Amount
    public var realizedPnLUSD: Amount
    /// Tokens with positive realized SOL P&L ÷ tokens with at least one disposal × 100, rounded
    /// to 2 decimals; null when no token has been disposed of.
    public var winRatePct: Amount?
    public var bestToken: TokenRanking?
    public var worstToken: TokenRanking?
    public var firstTradeAt: String?
    public var lastTradeAt: String?
    /// The best tokens by realized SOL P&L, best first (at most ``PnLEngine/rankedTokens``).
    public var topTokens: [TokenSummary]
    /// The worst tokens by realized SOL P&L, worst first (at most ``PnLEngine/rankedTokens``).
    public var bottomTokens: [TokenSummary]

    /// A summary from a run's totals and its ranked tokens; best and worst are among tokens
    /// with a disposal.
    public init(
        wallet: String, totals: PnLTotals, bestToken: TokenSummary?, worstToken: TokenSummary?,
        topTokens: [TokenSummary], bottomTokens: [TokenSummary]
    ) {
        self.wallet = wallet
        trades = totals.trades
        buys = totals.buys
        sells = totals.sells
        swaps = totals.swaps
        uniqueTokens = totals.uniqueTokens
        volumeSOL = totals.volumeSOL
        volumeUSD = totals.volumeUSD
        realizedPnLSOL = totals.realizedSOL
        realizedPnLUSD = totals.realizedUSD
        winRatePct = totals.winRatePct
        self.bestToken = bestToken.map(TokenRanking.init)
        self.worstToken = worstToken.map(TokenRanking.init)
        firstTradeAt = totals.firstTradeTime.map(UTCTimestamp.format)
        lastTradeAt = totals.lastTradeTime.map(UTCTimestamp.format)
        self.topTokens = topTokens
        self.bottomTokens = bottomTokens
    }

    enum CodingKeys: String, CodingKey {
        case wallet, trades, buys, sells, swaps
        case topTokens = "top_tokens"
        case bottomTokens = "bottom_tokens"
        case uniqueTokens = "unique_tokens"
        case volumeSOL = "volume_sol"
        case volumeUSD = "volume_usd"
        case realizedPnLSOL = "realized_pnl_sol"
        case realizedPnLUSD = "realized_pnl_usd"
        case winRatePct = "win_rate_pct"
        case bestToken = "best_token"
        case worstToken = "worst_token"
        case firstTradeAt = "first_trade_at"
        case lastTradeAt = "last_trade_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(wallet, forKey: .wallet)
        try container.encode(trades, forKey: .trades)
        try container.encode(buys, forKey: .buys)
        try container.encode(sells, forKey: .sells)
        try container.encode(swaps, forKey: .swaps)
        try container.encode(uniqueTokens, forKey: .uniqueTokens)
        try container.encode(volumeSOL, forKey: .volumeSOL)
        try container.encode(volumeUSD, forKey: .volumeUSD)
        try container.encode(realizedPnLSOL, forKey: .realizedPnLSOL)
        try container.encode(realizedPnLUSD, forKey: .realizedPnLUSD)
        try container.encode(winRatePct, forKey: .winRatePct)
        try container.encode(bestToken, forKey: .bestToken)
        try container.encode(worstToken, forKey: .worstToken)
        try container.encode(firstTradeAt, forKey: .firstTradeAt)
        try container.encode(lastTradeAt, forKey: .lastTradeAt)
        try container.encode(topTokens, forKey: .topTokens)
        try container.encode(bottomTokens, forKey: .bottomTokens)
    }
}

/// A token named as the best or worst of a wallet.
public struct TokenRanking: Sendable, Hashable, Codable {
    public var mint: String
    public var symbol: String
    public var realizedPnLSOL: Amount

    public init(mint: String, symbol: String, realizedPnLSOL: Amount) {
        self.mint = mint
        self.symbol = symbol
        self.realizedPnLSOL = realizedPnLSOL
    }

    /// The ranking entry of `token`.
    public init(_ token: TokenSummary) {
        self.init(mint: token.mint, symbol: token.symbol, realizedPnLSOL: token.realizedPnLSOL)
    }

    enum CodingKeys: String, CodingKey {
        case mint, symbol
        case realizedPnLSOL = "realized_pnl_sol"
    }
}

/// The P&L of one token in one wallet.
public struct TokenSummary: Sendable, Hashable, Codable {
    public var mint: String
    public var symbol: String
    /// Acquisitions: buys plus swaps into the token.
    public var buys: Int
    /// Disposals: sells plus swaps out of the token.
    public var sells: Int
    public var boughtQuantity: Amount
    public var soldQuantity: Amount
    public var openQuantity: Amount
    public var openCostSOL: Amount
    public var realizedPnLSOL: Amount
    public var realizedPnLUSD: Amount
    /// Quantity disposed of beyond what any open lot covered.
    public var unmatchedQuantity: Amount
    /// The token's name, from its metadata; nil when unknown.
    public var name: String?
    /// The last known price of one token in US dollars (from its metadata), while a position is
    /// open; nil when no price is known, never zero.
    public var lastPriceUSD: Amount?
    /// When ``lastPriceUSD`` was fetched (Unix seconds).
    public var priceTime: Int64?
    /// ``openQuantity`` at ``lastPriceUSD``.
    public var openValueUSD: Amount?
    /// ``openValueUSD`` less what the open lots cost in US dollars; nil when either is unknown.
    public var unrealizedPnLUSD: Amount?

    public init(
        mint: String, symbol: String, buys: Int, sells: Int, boughtQuantity: Amount, soldQuantity: Amount,
        openQuantity: Amount, openCostSOL: Amount, realizedPnLSOL: Amount, realizedPnLUSD: Amount,
        unmatchedQuantity: Amount
    ) {
        self.mint = mint
        self.symbol = symbol
        self.buys = buys
        self.sells = sells
        self.boughtQuantity = boughtQuantity
        self.soldQuantity = soldQuantity
        self.openQuantity = openQuantity
        self.openCostSOL = openCostSOL
        self.realizedPnLSOL = realizedPnLSOL
        self.realizedPnLUSD = realizedPnLUSD
        self.unmatchedQuantity = unmatchedQuantity
    }

    enum CodingKeys: String, CodingKey {
        case mint, symbol, buys, sells
        case boughtQuantity = "bought_quantity"
        case soldQuantity = "sold_quantity"
        case openQuantity = "open_quantity"
        case openCostSOL = "open_cost_sol"
        case realizedPnLSOL = "realized_pnl_sol"
        case realizedPnLUSD = "realized_pnl_usd"
        case unmatchedQuantity = "unmatched_quantity"
        case name
        case lastPriceUSD = "last_price_usd"
        case priceTime = "price_at"
        case openValueUSD = "open_value_usd"
        case unrealizedPnLUSD = "unrealized_pnl_usd"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mint = try container.decode(String.self, forKey: .mint)
        symbol = try container.decode(String.self, forKey: .symbol)
        buys = try container.decode(Int.self, forKey: .buys)
        sells = try container.decode(Int.self, forKey: .sells)
        boughtQuantity = try container.decode(Amount.self, forKey: .boughtQuantity)
        soldQuantity = try container.decode(Amount.self, forKey: .soldQuantity)
        openQuantity = try container.decode(Amount.self, forKey: .openQuantity)
        openCostSOL = try container.decode(Amount.self, forKey: .openCostSOL)
        realizedPnLSOL = try container.decode(Amount.self, forKey: .realizedPnLSOL)
        realizedPnLUSD = try container.decode(Amount.self, forKey: .realizedPnLUSD)
        unmatchedQuantity = try container.decode(Amount.self, forKey: .unmatchedQuantity)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        lastPriceUSD = try container.decodeIfPresent(Amount.self, forKey: .lastPriceUSD)
        priceTime = try container.decodeIfPresent(String.self, forKey: .priceTime).flatMap(UTCTimestamp.parse)
        openValueUSD = try container.decodeIfPresent(Amount.self, forKey: .openValueUSD)
        unrealizedPnLUSD = try container.decodeIfPresent(Amount.self, forKey: .unrealizedPnLUSD)
    }

    /// Every field is always present: unknown ones are `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mint, forKey: .mint)
        try container.encode(symbol, forKey: .symbol)
        try container.encode(buys, forKey: .buys)
        try container.encode(sells, forKey: .sells)
        try container.encode(boughtQuantity, forKey: .boughtQuantity)
        try container.encode(soldQuantity, forKey: .soldQuantity)
        try container.encode(openQuantity, forKey: .openQuantity)
        try container.encode(openCostSOL, forKey: .openCostSOL)
        try container.encode(realizedPnLSOL, forKey: .realizedPnLSOL)
        try container.encode(realizedPnLUSD, forKey: .realizedPnLUSD)
        try container.encode(unmatchedQuantity, forKey: .unmatchedQuantity)
        try container.encode(name, forKey: .name)
        try container.encode(lastPriceUSD, forKey: .lastPriceUSD)
        try container.encode(priceTime.map(UTCTimestamp.format), forKey: .priceTime)
        try container.encode(openValueUSD, forKey: .openValueUSD)
        try container.encode(unrealizedPnLUSD, forKey: .unrealizedPnLUSD)
    }
}
