import Testing
import WalletStreamCore
import WalletStreamIngest

private let walletText = "3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2"
private let lub = "2GaUUmQFCHSMLRMySzjvdqwLCcGVdUpcsQDanpjwmoon"
private let usdc = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
private let signature = "5g5rkbqii8rkHfgC8CWLDB2bBzKeoXcqmjyFbMvxUW9xXEEHnFc1QRqiG9eEcxdmLk6XgjVpJRnwYqqbWZKg3eBP"

/// The tracker's column order (a subset, shuffled slightly, with an unused column).
private let header = [
    "wallet", "chain", "block", "tx_hash", "tx_index", "tx_type", "timestamp", "dex",
    "token0_address", "token0_amount", "token0_amount_usd", "token0_symbol",
    "token1_address", "token1_amount", "token1_amount_usd", "token1_symbol", "amount",
]

private func schema() throws -> TrackerCSVSchema {
    try TrackerCSVSchema(header: CSVRecord(line: 1, fields: header))
}

/// A swap row; override any column by name.
private func row(line: Int = 2, _ overrides: [String: String] = [:]) -> CSVRecord {
    var values: [String: String] = [
        "wallet": walletText, "chain": "solana", "block": "349787167", "tx_hash": signature, "tx_index": "0",
        "tx_type": "swap", "timestamp": "2025-06-28T15:57:02Z", "dex": "Photon",
        "token0_address": lub, "token0_amount": "1986656.546333", "token0_amount_usd": "11.493485",
        "token0_symbol": "lub", "token1_address": Mint.wrappedSOL, "token1_amount": "0.077850",
        "token1_amount_usd": "11.493486", "token1_symbol": "SOL", "amount": "",
    ]
    for (key, value) in overrides { values[key] = value }
    return CSVRecord(line: line, fields: header.map { values[$0] ?? "" })
}

private func trade(_ record: CSVRecord) throws -> (WalletAddress, Trade)? {
    guard case .trade(let wallet, let trade) = try TrackerCSVRow(record, schema: schema()) else { return nil }
    return (wallet, trade)
}

@Suite struct TrackerCSVRowTests {
    @Test func sellOfTokenForSOL() throws {
        let (wallet, trade) = try #require(try trade(row()))
        #expect(wallet.rawValue == walletText)
        #expect(trade.side == .sell)
        #expect(trade.sold == TokenLeg(mint: lub, symbol: "lub", amount: try #require(Amount("1986656.546333"))))
        #expect(trade.bought == .sol(try #require(Amount("0.07785"))))
        #expect(trade.solAmount == Amount("0.07785"))
        #expect(trade.usdValue == Amount("11.493486"))
        #expect(trade.feeSOL == nil)
        #expect(trade.signature == signature)
        #expect(trade.slot == 349_787_167)
        #expect(trade.blockTime == UTCTimestamp.parse("2025-06-28T15:57:02Z"))
        #expect(trade.leg == 0)
        #expect(trade.venue == "Photon")
    }

    @Test func buyWithNativeSOLUsesTheCanonicalLeg() throws {
        let record = row([
            "token0_address": "native", "token0_amount": "1.98", "token0_amount_usd": "282.999734",
            "token0_symbol": "SOL", "token1_address": lub, "token1_amount": "1986656.546333",
            "token1_amount_usd": "283.1", "token1_symbol": "lub", "dex": "", "tx_index": "1",
        ])
        let (_, trade) = try #require(try trade(record))
        #expect(trade.side == .buy)
        #expect(trade.sold == .sol(try #require(Amount("1.98"))))
        #expect(trade.sold.mint == Mint.wrappedSOL)
        #expect(trade.bought.mint == lub)
        #expect(trade.solAmount == Amount("1.98"))
        #expect(trade.usdValue == Amount("282.999734"))
        #expect(trade.venue == "unknown")
        #expect(trade.leg == 1)
    }

    @Test func tokenToTokenSwapHasNoSOLAmount() throws {
        let record = row([
            "token1_address": usdc, "token1_symbol": "USDC", "token1_amount": "11.4",
            "token0_amount_usd": "", "dex": "Jupiter",
        ])
        let (_, trade) = try #require(try trade(record))
        #expect(trade.side == .swap)
        #expect(trade.solAmount == nil)
        #expect(trade.usdValue == nil)
        #expect(trade.bought == TokenLeg(mint: usdc, symbol: "USDC", amount: try #require(Amount("11.4"))))
    }

    @Test func solToSOLAndNonSwapRowsAreSkipped() throws {
        let schema = try schema()
        #expect(
            try TrackerCSVRow(row(["token0_address": "native"]), schema: schema)
                == .skipped(txType: "swap_sol_to_sol"))
        #expect(
            try TrackerCSVRow(row(["tx_type": "transfer", "wallet": ""]), schema: schema)
                == .skipped(txType: "transfer"))
        #expect(try TrackerCSVRow(row(["tx_type": ""]), schema: schema) == .skipped(txType: "unknown"))
    }

    @Test func malformedAmountNamesLineAndColumn() throws {
        let error = try errorOf(row(line: 17, ["token0_amount": "1.2.3"]))
        #expect(error.code == .invalidInput)
        #expect(error.message == "line 17, column token0_amount: '1.2.3' is not a decimal amount")
    }

    @Test(arguments: [
        ("wallet", "not-a-wallet"), ("block", "12x"), ("tx_index", "-1"), ("timestamp", "2025-13-01T00:00:00Z"),
        ("tx_hash", String(repeating: "0", count: 88)), ("token1_amount", "0"), ("token1_amount_usd", "1e5"),
        ("token0_address", ""),
    ])
    func everyTypedColumnIsChecked(column: String, value: String) throws {
        let error = try errorOf(row(line: 9, [column: value]))
        #expect(error.code == .invalidInput)
        #expect(error.message.hasPrefix("line 9, column \(column): "), "\(error.message)")
    }

    @Test func aKnownWalletIsReusedOnlyWhenTheRowNamesIt() throws {
        let schema = try schema()
        let known = try WalletAddress(validating: walletText)
        let other = try WalletAddress(validating: "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU")
        guard case .trade(let wallet, _) = try TrackerCSVRow(row(), schema: schema, knownWallet: known) else {
            Issue.record("expected a trade")
            return
        }
        #expect(wallet == known)
        #expect(throws: WalletStreamError.self) {
            try TrackerCSVRow(row(["wallet": "0x1234"]), schema: schema, knownWallet: other)
        }
    }

    @Test func wrongFieldCountIsAnError() throws {
        let error = try errorOf(CSVRecord(line: 5, fields: ["a", "b"]))
        #expect(error.message.hasPrefix("line 5: row has 2 fields"))
    }

    @Test func missingColumnIsNamed() throws {
        #expect {
            _ = try TrackerCSVSchema(header: CSVRecord(line: 1, fields: header.filter { $0 != "token1_amount_usd" }))
        } throws: { error in
            guard let error = error as? WalletStreamError else { return false }
            return error.code == .invalidInput && error.message.contains("'token1_amount_usd'")
        }
    }

    private func errorOf(_ record: CSVRecord) throws -> WalletStreamError {
        let schema = try schema()
        do {
            _ = try TrackerCSVRow(record, schema: schema)
        } catch {
            return error
        }
        Issue.record("expected an error")
        return WalletStreamError(code: .internalError, message: "")
    }
}
