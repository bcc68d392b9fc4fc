import WalletStreamCore

extension JSONWriter {
    /// The summary object, byte for byte what `summary.jsonBytes()` (sorted keys) gives. Its
    /// size is bounded: it lists at most ``PnLEngine/rankedTokens`` tokens at each end. With
    /// `live` (a following stream) it carries `"live": true` in its sorted place.
    public mutating func summary(_ summary: WalletSummary, live: Bool = false) {
        raw("{\"best_token\":")
        ranking(summary.bestToken)
        raw(",\"bottom_tokens\":")
        tokenSummaries(summary.bottomTokens)
        raw(",\"buys\":")
        integer(summary.buys)
        raw(",\"first_trade_at\":")
        optionalString(summary.firstTradeAt)
        raw(",\"last_trade_at\":")
        optionalString(summary.lastTradeAt)
        if live { raw(",\"live\":true") }
        raw(",\"realized_pnl_sol\":")
        amount(summary.realizedPnLSOL)
        raw(",\"realized_pnl_usd\":")
        amount(summary.realizedPnLUSD)
        raw(",\"sells\":")
        integer(summary.sells)
        raw(",\"swaps\":")
        integer(summary.swaps)
        raw(",\"top_tokens\":")
        tokenSummaries(summary.topTokens)
        raw(",\"trades\":")
        integer(summary.trades)
        raw(",\"unique_tokens\":")
        integer(summary.uniqueTokens)
        raw(",\"volume_sol\":")
        amount(summary.volumeSOL)
        raw(",\"volume_usd\":")
        amount(summary.volumeUSD)
        raw(",\"wallet\":")
        string(summary.wallet)
        raw(",\"win_rate_pct\":")
        amount(summary.winRatePct)
        raw(",\"worst_token\":")
        ranking(summary.worstToken)
        byte(UInt8(ascii: "}"))
    }

    private mutating func tokenSummaries(_ tokens: [TokenSummary]) {
        byte(UInt8(ascii: "["))
        for (index, token) in tokens.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            tokenSummary(token)
        }
        byte(UInt8(ascii: "]"))
    }

    /// One token's figures, byte for byte what `token.jsonBytes()` (sorted keys) gives.
    public mutating func tokenSummary(_ token: TokenSummary) {
        raw("{\"bought_quantity\":")
        amount(token.boughtQuantity)
        raw(",\"buys\":")
        integer(token.buys)
        raw(",\"last_price_usd\":")
        amount(token.lastPriceUSD)
        raw(",\"mint\":")
        string(token.mint)
        raw(",\"name\":")
        if let name = token.name { string(name) } else { raw("null") }
        raw(",\"open_cost_sol\":")
        amount(token.openCostSOL)
        raw(",\"open_quantity\":")
        amount(token.openQuantity)
        raw(",\"open_value_usd\":")
        amount(token.openValueUSD)
        raw(",\"price_at\":")
        if let time = token.priceTime {
            byte(UInt8(ascii: "\""))
            UTCTimestamp.append(time, to: &bytes)
            byte(UInt8(ascii: "\""))
        } else {
            raw("null")
        }
        raw(",\"realized_pnl_sol\":")
        amount(token.realizedPnLSOL)
        raw(",\"realized_pnl_usd\":")
        amount(token.realizedPnLUSD)
        raw(",\"sells\":")
        integer(token.sells)
        raw(",\"sold_quantity\":")
        amount(token.soldQuantity)
        raw(",\"symbol\":")
        string(token.symbol)
        raw(",\"unmatched_quantity\":")
        amount(token.unmatchedQuantity)
        raw(",\"unrealized_pnl_usd\":")
        amount(token.unrealizedPnLUSD)
        byte(UInt8(ascii: "}"))
    }

    private mutating func ranking(_ ranking: TokenRanking?) {
        guard let ranking else {
            raw("null")
            return
        }
        raw("{\"mint\":")
        string(ranking.mint)
        raw(",\"realized_pnl_sol\":")
        amount(ranking.realizedPnLSOL)
        raw(",\"symbol\":")
        string(ranking.symbol)
        byte(UInt8(ascii: "}"))
    }

    private mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }
}
