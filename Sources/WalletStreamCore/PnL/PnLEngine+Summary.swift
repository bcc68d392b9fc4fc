extension PnLEngine {
    /// The summary of everything consumed so far. Tokens are listed by realized SOL P&L,
    /// best first, then by mint.
    public func summary() -> WalletSummary {
        var tokens = positions.values.map { position in
            TokenSummary(
                mint: position.mint,
                symbol: position.symbol,
                buys: position.buys,
                sells: position.sells,
                boughtQuantity: position.boughtQuantity,
                soldQuantity: position.soldQuantity,
                openQuantity: position.openQuantity,
                openCostSOL: position.openCostSOL,
                realizedPnLSOL: position.realizedSOL,
                realizedPnLUSD: position.realizedUSD,
                unmatchedQuantity: position.unmatchedQuantity
            )
        }
        tokens.sort { lhs, rhs in
            lhs.realizedPnLSOL != rhs.realizedPnLSOL
                ? lhs.realizedPnLSOL > rhs.realizedPnLSOL
                : lhs.mint.utf8.lexicographicallyPrecedes(rhs.mint.utf8)
        }
        let sold = tokens.filter { $0.sells > 0 }
        let winners = sold.filter { $0.realizedPnLSOL.isPositive }.count
        let winRate =
            sold.isEmpty
            ? nil
            : Amount(winners * 100).multiplied(by: Amount(1), dividedBy: Amount(sold.count)).rounded(toDecimals: 2)
        func ranking(_ token: TokenSummary?) -> TokenRanking? {
            token.map { TokenRanking(mint: $0.mint, symbol: $0.symbol, realizedPnLSOL: $0.realizedPnLSOL) }
        }
        return WalletSummary(
            wallet: wallet.rawValue,
            trades: tradeCount,
            buys: buyCount,
            sells: sellCount,
            swaps: swapCount,
            uniqueTokens: tokens.count,
            volumeSOL: tradedVolumeSOL,
            volumeUSD: tradedVolumeUSD,
            realizedPnLSOL: tokens.reduce(Amount.zero) { $0 + $1.realizedPnLSOL },
            realizedPnLUSD: tokens.reduce(Amount.zero) { $0 + $1.realizedPnLUSD },
            winRatePct: winRate,
            bestToken: ranking(sold.first),
            worstToken: ranking(sold.last),
            firstTradeAt: firstTradeTime.map(UTCTimestamp.format),
            lastTradeAt: lastTradeTime.map(UTCTimestamp.format),
            tokens: tokens
        )
    }
}
