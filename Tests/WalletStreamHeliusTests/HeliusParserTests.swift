import Foundation
import Testing
import WalletStreamCore
import WalletStreamHelius
import WalletStreamTestSupport

private let lub = "2GaUUmQFCHSMLRMySzjvdqwLCcGVdUpcsQDanpjwmoon"
private let firstSwap = "5g5rkbqii8rkHfgC8CWLDB2bBzKeoXcqmjyFbMvxUW9xXEEHnFc1QRqiG9eEcxdmLk6XgjVpJRnwYqqbWZKg3eBP"
private let lubBuy = "4EeVbfsnYj9p9T4kwPJDKu2qi1PF9ixrFAgvs5kwZqBnssEUs1hpNBcfCV5iq3ZkzuZJo1Re3sWaanQRvMbb9fR"

private func amount(_ text: String) -> Amount { TradeFixtures.amount(text) }

/// Asserts that `parsed` has one trade equal, at the CSV's 6 decimals, to `csv`.
private func expectMatches(_ trade: Trade, _ csv: Trade, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(trade.side == csv.side, sourceLocation: sourceLocation)
    #expect(trade.sold.mint == csv.sold.mint, sourceLocation: sourceLocation)
    #expect(trade.bought.mint == csv.bought.mint, sourceLocation: sourceLocation)
    #expect(trade.sold.amount.rounded(toDecimals: 6) == csv.sold.amount, sourceLocation: sourceLocation)
    #expect(trade.bought.amount.rounded(toDecimals: 6) == csv.bought.amount, sourceLocation: sourceLocation)
    #expect(trade.solAmount?.rounded(toDecimals: 6) == csv.solAmount, sourceLocation: sourceLocation)
}

@Suite struct HeliusParserRealDataTests {
    let parser = HeliusSwapParser(wallet: HeliusTestData.wallet)

    @Test func theFourSwapsMatchTheCSV() throws {
        let transactions = try HeliusTestData.enhanced()
        #expect(transactions.count == 20)
        let swaps = transactions.filter { $0.type == "SWAP" }
        #expect(swaps.count == 4)
        let csv = try HeliusTestData.csvTrades(for: Set(swaps.map(\.signature)))
        for transaction in swaps {
            let parsed = parser.parse(transaction)
            #expect(parsed.skipReason == nil)
            let trade = try #require(parsed.trades.first)
            #expect(parsed.trades.count == 1)
            let rows = try #require(csv[transaction.signature], "\(transaction.signature) not in the CSV")
            #expect(rows.count == 1)
            expectMatches(trade, rows[0])
            #expect(trade.signature == transaction.signature)
            #expect(trade.slot == transaction.slot)
            #expect(trade.blockTime == transaction.timestamp)
            #expect(trade.leg == 0)
            #expect(trade.venue == "Raydium")
            #expect(trade.feeSOL == amount("0.008005"))
        }
    }

    @Test func firstSwapIsExact() throws {
        let transaction = try #require(try HeliusTestData.enhanced().first { $0.signature == firstSwap })
        let parsed = parser.parse(transaction)
        let trade = try #require(parsed.trades.first)
        #expect(trade.side == .sell)
        #expect(trade.sold == TokenLeg(mint: lub, symbol: "2GaUUm", amount: amount("1986656.546333")))
        #expect(trade.bought == .sol(amount("0.077849895")))
        #expect(trade.solAmount == amount("0.077849895"))
        #expect(trade.usdValue == nil)
        let flow = try #require(parsed.solFlow)
        #expect(flow.walletSOLChange == 57_066_397)
        #expect(flow.swapSOL == 77_849_895)
        #expect(flow.fee == 8_005_000)
        #expect(flow.walletPaidFee)
        #expect(flow.other == -12_000_000 - 778_498)
        #expect(flow.basis == .balanceChanges)
    }

    @Test func buyPaysRentAndTipsOutsideThePrice() throws {
        let transaction = try #require(try HeliusTestData.enhanced().first { $0.signature == lubBuy })
        let parsed = HeliusSwapParser(wallet: HeliusTestData.wallet, symbols: { $0 == lub ? "lub" : nil })
            .parse(transaction)
        let trade = try #require(parsed.trades.first)
        #expect(trade.side == .buy)
        #expect(trade.sold == .sol(amount("1.98")))
        #expect(trade.bought == TokenLeg(mint: lub, symbol: "lub", amount: amount("1986656.546333")))
        let flow = try #require(parsed.solFlow)
        #expect(flow.walletSOLChange == -2_022_044_280)
        #expect(flow.swapSOL == -1_980_000_000)
        // Two tips (12,000,000 and 20,000,000) and the rent of the new token account.
        #expect(flow.other == -12_000_000 - 20_000_000 - 2_039_280)
    }

    @Test func transfersYieldNoTradeAndSayWhy() throws {
        let transfers = try HeliusTestData.enhanced().filter { $0.type == "TRANSFER" }
        #expect(transfers.count == 16)
        var reasons: [ParsedTransaction.SkipReason: Int] = [:]
        for transaction in transfers {
            let parsed = parser.parse(transaction)
            #expect(parsed.trades.isEmpty)
            let reason = try #require(parsed.skipReason)
            reasons[reason, default: 0] += 1
        }
        // 15 spam sends of 1 or 100 lamports, one airdrop of a token the wallet never gave for.
        #expect(reasons == [.dust: 15, .transferOnly: 1])
    }

    @Test func solFlowBalancesOnEveryTransaction() throws {
        let all = try HeliusTestData.enhanced() + HeliusTestData.partial() + [HeliusTestData.pumpAMM()]
        var withAccountData = 0
        for transaction in all {
            let flow = try #require(parser.parse(transaction).solFlow)
            #expect(flow.isBalanced, "\(transaction.signature)")
            #expect(flow.walletSOLChange == flow.swapSOL - flow.feePaid + flow.other)
            if transaction.accountData != nil {
                withAccountData += 1
                #expect(flow.basis == .balanceChanges)
                // The measured change is the wallet's own account's native change plus its wSOL.
                let native = transaction.accountData?.first { $0.account == HeliusTestData.wallet.rawValue }
                #expect(flow.walletSOLChange == native?.nativeBalanceChange ?? 0)
            } else {
                #expect(flow.basis == .transfers)
            }
        }
        #expect(withAccountData == 20)
    }

    @Test func partialTransactionsYieldOneTradeEachMatchingTheCSV() throws {
        let partial = try HeliusTestData.partial() + [HeliusTestData.pumpAMM()]
        #expect(partial.count == 14)
        let csv = try HeliusTestData.csvTrades(for: Set(partial.map(\.signature)))
        for transaction in partial {
            let parsed = parser.parse(transaction)
            #expect(parsed.trades.count == 1, "\(transaction.signature)")
            let trade = try #require(parsed.trades.first)
            // The side and mint the wallet's own token transfers imply, netted per mint.
            let wallet = HeliusTestData.wallet.rawValue
            var nets: [String: Amount] = [:]
            for transfer in transaction.tokenTransfers where !Mint.isSOL(transfer.mint) {
                let amount = try #require(transfer.tokenAmount)
                if transfer.fromUserAccount == wallet { nets[transfer.mint, default: .zero] -= amount }
                if transfer.toUserAccount == wallet { nets[transfer.mint, default: .zero] += amount }
            }
            let legs = nets.filter { !$0.value.isZero }
            #expect(legs.count == 1)
            let (mint, net) = try #require(legs.first)
            #expect(trade.side == (net.isNegative ? .sell : .buy))
            #expect(trade.tokenLeg.mint == mint)
            #expect(trade.tokenLeg.amount == (net.isNegative ? -net : net))
            let row = try #require(csv[transaction.signature]?.first)
            expectMatches(trade, row)
        }
    }

    @Test func pumpSwapBuyLeavesProtocolAndCreatorFeesOutOfThePrice() throws {
        let sig = "5k9gGESAP5rFRBgdxNwSFw1f83o8JKaKBo9DHDs4XCdCSF9FcZFHN9uaxBKhAVANZgB8WiEim8bq7jHXfDqsgRsY"
        let transaction = try #require(try HeliusTestData.partial().first { $0.signature == sig })
        let parsed = parser.parse(transaction)
        let trade = try #require(parsed.trades.first)
        #expect(trade.venue == "PumpSwap")
        #expect(trade.side == .buy)
        #expect(trade.sold == .sol(amount("1.97802592")))
        #expect(trade.bought.mint == "B91Nyc6SnWqr5DRR34eEMKuZrWh4zBhW9VhX4UNLpump")
        #expect(trade.bought.amount == amount("561218.676075"))
        #expect(trade.slot == 0)
        #expect(trade.feeSOL == nil)
        let flow = try #require(parsed.solFlow)
        #expect(flow.basis == .transfers)
        #expect(flow.swapSOL == -1_978_025_920)
        #expect(flow.other == -987_039 * 2)
    }

    @Test func meteoraLegsNetEveryTransferOfTheWallet() throws {
        let partial = try HeliusTestData.partial()
        let buy = try #require(partial.first { $0.signature.hasPrefix("5bmMy2Zpwp89") })
        let buyTrade = try #require(parser.parse(buy).trades.first)
        #expect(buyTrade.venue == "Meteora")
        #expect(buyTrade.side == .buy)
        #expect(buyTrade.sold == .sol(amount("34.65")))
        #expect(buyTrade.bought.amount == amount("556570.298577047"))
        let sell = try #require(partial.first { $0.signature.hasPrefix("2oywWG3d6Gdq") })
        let sellTrade = try #require(parser.parse(sell).trades.first)
        #expect(sellTrade.side == .sell)
        // Sent to two accounts: 1113.140597154 + 555457.157979893.
        #expect(sellTrade.sold.amount == amount("556570.298577047"))
        #expect(sellTrade.bought == .sol(amount("33.270493429")))
    }

    @Test func pumpAMMFileWithASingleNativeTransferObject() throws {
        let transaction = try HeliusTestData.pumpAMM()
        #expect(transaction.nativeTransfers.count == 1)
        #expect(transaction.accountData == nil)
        let parsed = parser.parse(transaction)
        let trade = try #require(parsed.trades.first)
        #expect(trade.side == .sell)
        #expect(trade.sold.amount == amount("561218.676075"))
        #expect(trade.bought == .sol(amount("2.201676608")))
        #expect(trade.venue == "PumpSwap")
        #expect(parsed.solFlow?.other == -12_000_000)
        #expect(parsed.solFlow?.swapSOL == 2_201_676_608)
    }
}
