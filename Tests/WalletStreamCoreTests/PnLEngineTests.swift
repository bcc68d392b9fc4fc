import Testing
import WalletStreamCore
import WalletStreamTestSupport
import WalletStreamWire

@Suite struct PnLEngineTests {
    typealias F = TradeFixtures

    func engine(_ trades: [Trade]) -> PnLEngine {
        var engine = PnLEngine(wallet: F.walletA)
        for trade in trades { engine.consume(trade) }
        return engine
    }

    func run(_ trades: [Trade]) -> WalletSummary { engine(trades).summary() }

    func token(_ summary: WalletSummary, _ mint: String) throws -> TokenSummary {
        try #require((summary.topTokens + summary.bottomTokens).first { $0.mint == mint })
    }

    @Test func fullRoundTripRealizesProceedsMinusCost() throws {
        let summary = run([
            F.buy("AAA", quantity: "100", sol: "1", usd: "150", slot: 1),
            F.sell("AAA", quantity: "100", sol: "1.5", usd: "240", slot: 2),
        ])
        let aaa = try token(summary, "AAA")
        #expect(aaa.realizedPnLSOL.description == "0.5")
        #expect(aaa.realizedPnLUSD.description == "90")
        #expect(aaa.openQuantity.isZero && aaa.openCostSOL.isZero && aaa.unmatchedQuantity.isZero)
        #expect(summary.volumeSOL.description == "2.5" && summary.volumeUSD.description == "390")
        #expect(summary.winRatePct?.description == "100")
    }

    @Test func partialLotIsConsumedProRataInQuantityAndCost() throws {
        let summary = run([
            F.buy("AAA", quantity: "100", sol: "1", usd: "100", slot: 1),
            F.buy("AAA", quantity: "300", sol: "6", usd: "600", slot: 2),
            // Takes all of lot 1 (cost 1) and 50 of lot 2 (cost 1 of its 6).
            F.sell("AAA", quantity: "150", sol: "4.5", usd: "450", slot: 3),
        ])
        let aaa = try token(summary, "AAA")
        #expect(aaa.realizedPnLSOL.description == "2.5")
        #expect(aaa.realizedPnLUSD.description == "250")
        #expect(aaa.openQuantity.description == "250")
        #expect(aaa.openCostSOL.description == "5")
        #expect(aaa.buys == 2 && aaa.sells == 1)
        #expect(aaa.boughtQuantity.description == "400" && aaa.soldQuantity.description == "150")
    }

    @Test func oversellRealizesOnlyTheMatchedPart() throws {
        let summary = run([
            F.buy("AAA", quantity: "100", sol: "1", slot: 1),
            // 200 sold for 4 SOL: only 100 is matched, so proceeds are 2 and P&L is 1, not 3.
            F.sell("AAA", quantity: "200", sol: "4", slot: 2),
        ])
        let aaa = try token(summary, "AAA")
        #expect(aaa.realizedPnLSOL.description == "1")
        #expect(aaa.unmatchedQuantity.description == "100")
        #expect(aaa.openQuantity.isZero)
    }

    @Test func sellWithNoBuysBooksNothing() throws {
        let summary = run([F.sell("AAA", quantity: "50", sol: "3", usd: "400", slot: 1)])
        let aaa = try token(summary, "AAA")
        #expect(aaa.realizedPnLSOL.isZero && aaa.realizedPnLUSD.isZero)
        #expect(aaa.unmatchedQuantity.description == "50")
        #expect(summary.realizedPnLSOL.isZero)
        // A token sold at no gain is not a win.
        #expect(summary.winRatePct?.description == "0")
    }

    @Test func zeroAmounts() throws {
        let summary = run([
            F.buy("AAA", quantity: "0", sol: "0.1", slot: 1),  // paid for nothing: a loss
            F.buy("BBB", quantity: "10", sol: "0", slot: 2),  // received for free
            F.sell("BBB", quantity: "0", sol: "0", slot: 3),
            F.sell("BBB", quantity: "10", sol: "0.2", slot: 4),
        ])
        #expect(try token(summary, "AAA").realizedPnLSOL.description == "-0.1")
        #expect(try token(summary, "AAA").openQuantity.isZero)
        let bbb = try token(summary, "BBB")
        #expect(bbb.realizedPnLSOL.description == "0.2")
        #expect(bbb.sells == 2)
        #expect(summary.realizedPnLSOL.description == "0.1")
    }

    @Test func tokenToTokenSwapCarriesSOLCostAndRealizesUSD() throws {
        let summary = run([
            F.buy("AAA", quantity: "100", sol: "2", usd: "300", slot: 1),
            F.swap(from: "AAA", quantity: "50", to: "BBB", received: "1000", usd: "200", slot: 2),
            F.sell("BBB", quantity: "1000", sol: "1.5", usd: "210", slot: 3),
        ])
        let aaa = try token(summary, "AAA")
        #expect(aaa.realizedPnLSOL.isZero, "a swap realizes no SOL")
        #expect(aaa.realizedPnLUSD.description == "50")  // 200 - 150
        #expect(aaa.openQuantity.description == "50" && aaa.openCostSOL.description == "1")
        let bbb = try token(summary, "BBB")
        #expect(bbb.realizedPnLSOL.description == "0.5")  // 1.5 - carried 1
        #expect(bbb.realizedPnLUSD.description == "10")  // 210 - 200
        #expect(summary.swaps == 1 && summary.buys == 1 && summary.sells == 1)
        #expect(summary.volumeSOL.description == "3.5", "swaps have no SOL leg")
        #expect(summary.uniqueTokens == 2)
    }

    @Test func manyTokensSumToTheWalletTotals() throws {
        var trades: [Trade] = []
        var slot: UInt64 = 0
        for index in 0..<500 {
            slot += 1
            trades.append(F.buy("T\(index)", quantity: "1000", sol: "1", usd: "100", slot: slot))
            slot += 1
            let proceeds = index % 3 == 0 ? "0.5" : "1.25"
            trades.append(F.sell("T\(index)", quantity: "600", sol: proceeds, usd: "100", slot: slot))
        }
        let engine = engine(trades)
        let summary = engine.summary()
        let tokens = engine.tokenSummaries()
        #expect(summary.uniqueTokens == 500 && summary.trades == 1000 && tokens.count == 500)
        let sum = tokens.reduce(Amount.zero) { $0 + $1.realizedPnLSOL }
        #expect(sum == summary.realizedPnLSOL)
        // index % 3 == 0: 0.5 - 0.6 = -0.1 (167 tokens); else 1.25 - 0.6 = 0.65 (333 tokens).
        #expect(summary.realizedPnLSOL.description == "199.75")
        #expect(summary.winRatePct?.description == "66.6")
        #expect(summary.bestToken?.realizedPnLSOL.description == "0.65")
        #expect(summary.worstToken?.realizedPnLSOL.description == "-0.1")
        #expect(tokens.first?.realizedPnLSOL == summary.bestToken?.realizedPnLSOL)
        // The summary is bounded: the ten best and the ten worst, in ranking order.
        #expect(summary.topTokens == Array(tokens.prefix(10)))
        #expect(summary.bottomTokens == Array(tokens.suffix(10).reversed()))
    }

    @Test func unknownUSDCostLeavesUSDUnrealized() throws {
        let summary = run([
            F.buy("AAA", quantity: "10", sol: "1", slot: 1),
            F.sell("AAA", quantity: "10", sol: "2", usd: "300", slot: 2),
        ])
        #expect(try token(summary, "AAA").realizedPnLUSD.isZero)
        #expect(try token(summary, "AAA").realizedPnLSOL.description == "1")
    }

    @Test func emptyWalletHasNoRates() {
        let summary = run([])
        #expect(summary.trades == 0 && summary.winRatePct == nil && summary.bestToken == nil)
        #expect(summary.firstTradeAt == nil)
    }

    @Test func summaryJSONUsesStringsForDecimals() throws {
        let summary = run([F.buy("AAA", quantity: "1.5", sol: "0.25", slot: 1)])
        let data = try summary.jsonBytes()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"volume_sol\":\"0.25\""))
        #expect(text.contains("\"trades\":1"))
        #expect(text.contains("\"win_rate_pct\":null"))
        #expect(text.contains("\"first_trade_at\":\"2025-04-18T18:13:21Z\""))
    }
}

@Suite struct SummaryJSONTests {
    @Test func handWrittenSummaryJSONEqualsTheEncodable() throws {
        typealias F = TradeFixtures
        var engine = PnLEngine(wallet: F.walletA)
        let trades = [
            F.buy("AAA", quantity: "100", sol: "1", usd: "150", slot: 1),
            F.buy("B\"B\\", quantity: "7.5", sol: "0.25", slot: 2),
            F.sell("AAA", quantity: "150", sol: "2.5", usd: "300", slot: 3),
            F.swap(from: "B\"B\\", quantity: "2", to: "CCC", received: "9", usd: "12", slot: 4),
        ]
        for trade in trades { engine.consume(trade) }
        // Read-time figures (names, prices) too, where a page sets them.
        var valued = engine.summary()
        valued.topTokens = valued.topTokens.map { token in
            var token = token
            token.name = "Na\"me\n"
            token.lastPriceUSD = Amount("1.5")
            token.priceTime = 1_750_000_000
            token.openValueUSD = Amount("3")
            token.unrealizedPnLUSD = Amount("-0.25")
            return token
        }
        for summary in [engine.summary(), valued, PnLEngine(wallet: F.walletB).summary()] {
            var json = JSONWriter()
            json.summary(summary)
            #expect(
                String(decoding: json.bytes, as: UTF8.self) == String(decoding: try summary.jsonBytes(), as: UTF8.self))
        }
    }
}
