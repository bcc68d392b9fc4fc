import Foundation
import Testing
import WalletStreamCore
import WalletStreamHelius
import WalletStreamTestSupport

private let wallet = TradeFixtures.walletA.rawValue
private let someoneElse = TradeFixtures.walletB.rawValue
private let mintA = "AAAAtokenMint1111111111111111111111111111111"
private let mintB = "BBBBtokenMint1111111111111111111111111111111"
private let mintC = "CCCCtokenMint1111111111111111111111111111111"
private let usdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
private let poolA = "PoolA11111111111111111111111111111111111111"
private let poolB = "PoolB11111111111111111111111111111111111111"
private let wsolAccount = "WalletWSOLAccount111111111111111111111111111"
private let fee: Int64 = 5000

private func amount(_ text: String) -> Amount { TradeFixtures.amount(text) }

private func change(_ mint: String, _ raw: String, decimals: Int = 6, owner: String = wallet)
    -> HeliusTokenBalanceChange
{
    HeliusTokenBalanceChange(
        userAccount: owner, tokenAccount: "ta-\(owner.prefix(4))-\(mint.prefix(4))", mint: mint,
        rawTokenAmount: HeliusRawTokenAmount(tokenAmount: raw, decimals: decimals))
}

private func transfer(_ from: String, _ to: String, _ mint: String, _ amount: String) -> HeliusTokenTransfer {
    HeliusTokenTransfer(
        fromUserAccount: from, toUserAccount: to, fromTokenAccount: "ta-\(from.prefix(4))-\(mint.prefix(4))",
        toTokenAccount: "ta-\(to.prefix(4))-\(mint.prefix(4))", mint: mint, tokenAmount: TradeFixtures.amount(amount))
}

private func transaction(
    native: Int64, changes: [HeliusTokenBalanceChange] = [], transfers: [HeliusTokenTransfer] = [],
    nativeTransfers: [HeliusNativeTransfer] = [], payer: String = wallet, error: String? = nil
) -> HeliusTransaction {
    HeliusTransaction(
        signature: "sig\(native)", slot: 100, timestamp: 1_750_000_000, fee: fee, feePayer: payer, source: "JUPITER",
        type: "SWAP", transactionError: error, tokenTransfers: transfers, nativeTransfers: nativeTransfers,
        accountData: [
            HeliusAccountData(account: wallet, nativeBalanceChange: native),
            HeliusAccountData(account: "tokenAccounts", nativeBalanceChange: 0, tokenBalanceChanges: changes),
        ])
}

@Suite struct HeliusParserSyntheticTests {
    let parser = HeliusSwapParser(wallet: TradeFixtures.walletA)

    @Test func failedTransactionIsSkippedAndOnlyPaysTheFee() throws {
        let json = """
            {"signature": "failed1", "slot": 5, "timestamp": 7, "fee": 5000, "feePayer": "\(wallet)",
             "transactionError": {"InstructionError": [2, {"Custom": 6001}]},
             "tokenTransfers": [], "nativeTransfers": [],
             "accountData": [{"account": "\(wallet)", "nativeBalanceChange": -5000, "tokenBalanceChanges": []}],
             "events": {}, "someFutureField": [1, 2, 3]}
            """
        let tx = try JSONDecoder().decode(HeliusTransaction.self, from: Data(json.utf8))
        #expect(tx.transactionError == #"{"InstructionError":[2,{"Custom":6001}]}"#)
        let parsed = parser.parse(tx)
        #expect(parsed.skipReason == .failed)
        #expect(parsed.trades.isEmpty)
        let flow = try #require(parsed.solFlow)
        #expect(flow.isBalanced)
        #expect(flow.swapSOL == 0)
        #expect(flow.other == 0)
    }

    @Test func twoTokensSoldForSOLInOneTransactionAreTwoLegs() throws {
        // B sold to pool B for 2 SOL, A sold to pool A for 1 SOL; a 1,000,000-lamport tip.
        let tx = transaction(
            native: 3_000_000_000 - fee - 1_000_000,
            changes: [change(mintB, "-200000000"), change(mintA, "-100000000")],
            transfers: [
                transfer(wallet, poolB, mintB, "200"), transfer(poolB, wallet, Mint.wrappedSOL, "2"),
                transfer(wallet, poolA, mintA, "100"), transfer(poolA, wallet, Mint.wrappedSOL, "1"),
            ],
            nativeTransfers: [
                HeliusNativeTransfer(fromUserAccount: wallet, toUserAccount: "tipper", amount: 1_000_000)
            ])
        let parsed = parser.parse(tx)
        #expect(parsed.skipReason == nil)
        #expect(parsed.trades.count == 2)
        let (first, second) = (parsed.trades[0], parsed.trades[1])
        #expect(first.leg == 0 && second.leg == 1)
        #expect(first.sold == TokenLeg(mint: mintA, symbol: "AAAAto", amount: amount("100")))
        #expect(first.bought == .sol(amount("1")))
        #expect(first.side == .sell && second.side == .sell)
        #expect(second.sold.mint == mintB)
        #expect(second.solAmount == amount("2"))
        #expect(first.feeSOL == amount("0.000005"))
        #expect(second.feeSOL == nil)
        #expect(first.venue == "Jupiter")
        #expect(parsed.solFlow?.swapSOL == 3_000_000_000)
        #expect(parsed.solFlow?.other == -1_000_000)
        #expect(parsed.solFlow?.isBalanced == true)
    }

    @Test func oneSOLPaymentSplitAcrossTwoTokensByPool() throws {
        let tx = transaction(
            native: -3_000_000_000 - fee,
            changes: [change(mintA, "100000000"), change(mintB, "200000000")],
            transfers: [
                transfer(wallet, poolA, Mint.wrappedSOL, "0.5"), transfer(poolA, wallet, mintA, "100"),
                transfer(wallet, poolB, Mint.wrappedSOL, "2.5"), transfer(poolB, wallet, mintB, "200"),
            ])
        let trades = parser.parse(tx).trades
        #expect(trades.map(\.side) == [.buy, .buy])
        #expect(trades.map(\.sold.amount) == [amount("0.5"), amount("2.5")])
        #expect(trades.map(\.bought.mint) == [mintA, mintB])
    }

    @Test func tokenToTokenThroughAUSDCHopNetsTheHopOut() throws {
        let tx = transaction(
            native: -fee,
            changes: [
                change(mintA, "-100000000"), change(usdc, "5000000"), change(usdc, "-5000000"), change(mintB, "7"),
            ],
            transfers: [
                transfer(wallet, poolA, mintA, "100"), transfer(poolA, wallet, usdc, "5"),
                transfer(wallet, poolB, usdc, "5"), transfer(poolB, wallet, mintB, "0.000007"),
            ])
        let parsed = parser.parse(tx)
        let trade = try #require(parsed.trades.first)
        #expect(parsed.trades.count == 1)
        #expect(trade.side == .swap)
        #expect(trade.sold.mint == mintA)
        #expect(trade.bought == TokenLeg(mint: mintB, symbol: "BBBBto", amount: amount("0.000007")))
        #expect(trade.solAmount == nil)
        #expect(parsed.solFlow?.swapSOL == 0)
        #expect(parsed.solFlow?.other == 0)
    }

    @Test func wrapOnlyIsSkipped() throws {
        let tx = HeliusTransaction(
            signature: "wrap", fee: fee, feePayer: wallet, source: "SYSTEM_PROGRAM",
            nativeTransfers: [
                HeliusNativeTransfer(fromUserAccount: wallet, toUserAccount: wsolAccount, amount: 1_000_000_000)
            ],
            accountData: [
                HeliusAccountData(account: wallet, nativeBalanceChange: -1_000_000_000 - fee),
                HeliusAccountData(
                    account: wsolAccount, nativeBalanceChange: 1_000_000_000,
                    tokenBalanceChanges: [
                        HeliusTokenBalanceChange(
                            userAccount: wallet, tokenAccount: wsolAccount, mint: Mint.wrappedSOL,
                            rawTokenAmount: HeliusRawTokenAmount(tokenAmount: "1000000000", decimals: 9))
                    ]),
            ])
        let parsed = parser.parse(tx)
        #expect(parsed.skipReason == .wrapUnwrap)
        #expect(parsed.trades.isEmpty)
        #expect(parsed.solFlow?.walletSOLChange == -fee)
        #expect(parsed.solFlow?.isBalanced == true)
    }

    @Test func otherNonTrades() {
        let sentSOL = transaction(
            native: -2_000_000_000 - fee,
            nativeTransfers: [
                HeliusNativeTransfer(fromUserAccount: wallet, toUserAccount: someoneElse, amount: 2_000_000_000)
            ])
        #expect(parser.parse(sentSOL).skipReason == .solOnly)
        let bigGift = transaction(
            native: 5_000_000_000, payer: someoneElse)
        #expect(parser.parse(bigGift).skipReason == .solOnly)
        let dust = transaction(native: 1, payer: someoneElse)
        #expect(parser.parse(dust).skipReason == .dust)
        let onlyFee = transaction(native: -fee)
        #expect(parser.parse(onlyFee).skipReason == .noTrade)
        let tokenOut = transaction(
            native: -fee, changes: [change(mintA, "-5")], transfers: [transfer(wallet, someoneElse, mintA, "0.000005")])
        #expect(parser.parse(tokenOut).skipReason == .transferOnly)
        let twoForTwo = transaction(
            native: -fee,
            changes: [change(mintA, "-5"), change(mintB, "-5"), change(usdc, "5"), change(mintC, "5")])
        #expect(parser.parse(twoForTwo).skipReason == .ambiguous)
        let badRaw = transaction(native: -fee, changes: [change(mintA, "12x")])
        let parsed = parser.parse(badRaw)
        #expect(parsed.skipReason == .unparseable)
        #expect(parsed.solFlow == nil)
    }

    @Test func symbolLookupAndFallback() {
        let named = HeliusSwapParser(wallet: TradeFixtures.walletA) { $0 == mintA ? "AAA" : $0 == mintB ? "" : nil }
        #expect(named.symbol(for: mintA) == "AAA")
        #expect(named.symbol(for: mintB) == "BBBBto")
        #expect(named.symbol(for: Mint.wrappedSOL) == "SOL")
        #expect(HeliusVenue.name(for: "PUMP_FUN") == "PumpFun")
        #expect(HeliusVenue.name(for: "NEW_DEX") == "NEW_DEX")
        #expect(HeliusVenue.name(for: nil) == "unknown")
    }

    @Test func tokenAmountsKeepEveryDigitThroughJSON() throws {
        let json = """
            {"signature": "s", "nativeTransfers": null,
             "tokenTransfers": [{"fromUserAccount": "a", "toUserAccount": "b", "mint": "m",
                                 "tokenAmount": 12345678901234567.123456789},
                                {"fromUserAccount": "a", "toUserAccount": "b", "mint": "m", "tokenAmount": "0.5"},
                                {"mint": "m", "tokenAmount": 1e-13}]}
            """
        let tx = try JSONDecoder().decode(HeliusTransaction.self, from: Data(json.utf8))
        #expect(tx.tokenTransfers.map(\.tokenAmount) == [amount("12345678901234567.123456789"), amount("0.5"), nil])
        #expect(tx.accountData == nil)
        #expect(tx.nativeTransfers.isEmpty)
        let again = try JSONDecoder().decode(HeliusTransaction.self, from: JSONEncoder().encode(tx))
        #expect(again == tx)
        let text = String(decoding: try JSONEncoder().encode(tx), as: UTF8.self)
        #expect(text.contains("12345678901234567.123456789"))
    }

    @Test func roundingIsHalfAwayFromZero() {
        #expect(amount("1.4555115").rounded(toDecimals: 6) == amount("1.455512"))
        #expect(amount("-1.4555115").rounded(toDecimals: 6) == amount("-1.455512"))
        #expect(amount("0.077849895").rounded(toDecimals: 6) == amount("0.07785"))
        #expect(amount("2.2016766").rounded(toDecimals: 6) == amount("2.201677"))
        #expect(amount("1.1234564").rounded(toDecimals: 6) == amount("1.123456"))
        #expect(amount("7").rounded(toDecimals: 0) == amount("7"))
    }
}
