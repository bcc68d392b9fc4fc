import WalletStreamCore

/// What one data row of a tracker trade export means for the ledger.
public enum TrackerCSVRow: Sendable, Hashable {
    /// A swap of `wallet`, as a trade.
    case trade(wallet: WalletAddress, trade: Trade)
    /// A row that is not a trade; `txType` says why (the row's `tx_type`, `"unknown"` when
    /// empty, or `"swap_sol_to_sol"` for a swap whose both legs are SOL).
    case skipped(txType: String)

    /// The reason given for a swap that gives and receives SOL: no position changes.
    public static let solToSOLReason = "swap_sol_to_sol"

    /// Maps `record` under `schema`.
    ///
    /// `knownWallet` is an address already validated (typically the previous row's); when the
    /// row names the same wallet it is reused, sparing a base58 decode per row of a one-wallet
    /// export.
    ///
    /// Throws `.invalidInput` with a message naming the line and the column, e.g.
    /// `line 17, column token0_amount: '1.2.3' is not a decimal amount`.
    public init(_ record: CSVRecord, schema: TrackerCSVSchema, knownWallet: WalletAddress? = nil)
        throws(WalletStreamError)
    {
        let line = record.line
        guard record.count == schema.columnCount else {
            throw WalletStreamError(
                code: .invalidInput,
                message: "line \(line): row has \(record.count) fields but the header has \(schema.columnCount)")
        }
        // Only swaps become trades; other rows are counted, not judged, so an odd transfer
        // row never blocks an import.
        guard record.field(schema.txType, equals: "swap") else {
            let txType = record.string(at: schema.txType)
            self = .skipped(txType: txType.isEmpty ? "unknown" : txType)
            return
        }
        let parser = FieldParser(record: record, schema: schema)

        let wallet: WalletAddress
        if let knownWallet, record.withField(schema.wallet, { $0.elementsEqual(knownWallet.rawValue.utf8) }) {
            wallet = knownWallet
        } else {
            do {
                wallet = try WalletAddress(validating: record.string(at: schema.wallet))
            } catch {
                throw parser.error(schema.wallet, "\(parser.shown(schema.wallet)) is not a valid Solana address")
            }
        }

        let gaveMint = try parser.mint(schema.token0.address)
        let gotMint = try parser.mint(schema.token1.address)
        let gaveSOL = Mint.isSOL(gaveMint)
        let gotSOL = Mint.isSOL(gotMint)
        guard !(gaveSOL && gotSOL) else {
            self = .skipped(txType: Self.solToSOLReason)
            return
        }
        let gaveAmount = try parser.positiveAmount(schema.token0.amount)
        let gotAmount = try parser.positiveAmount(schema.token1.amount)
        let gave =
            gaveSOL
            ? TokenLeg.sol(gaveAmount)
            : TokenLeg(mint: gaveMint, symbol: record.string(at: schema.token0.symbol), amount: gaveAmount)
        let got =
            gotSOL
            ? TokenLeg.sol(gotAmount)
            : TokenLeg(mint: gotMint, symbol: record.string(at: schema.token1.symbol), amount: gotAmount)

        let side: TradeSide
        let solAmount: Amount?
        let usdValue: Amount?
        if gaveSOL {
            side = .buy
            solAmount = gaveAmount
            usdValue = try parser.optionalAmount(schema.token0.amountUSD)
        } else if gotSOL {
            side = .sell
            solAmount = gotAmount
            usdValue = try parser.optionalAmount(schema.token1.amountUSD)
        } else {
            side = .swap
            solAmount = nil
            usdValue = try parser.optionalAmount(schema.token0.amountUSD)
        }

        let venue = record.string(at: schema.dex)
        let trade = Trade(
            signature: try parser.signature(schema.txHash),
            slot: try parser.slot(schema.block),
            blockTime: try parser.timestamp(schema.timestamp),
            leg: try parser.legIndex(schema.txIndex),
            venue: venue.isEmpty ? "unknown" : venue,
            side: side,
            sold: gave,
            bought: got,
            solAmount: solAmount,
            usdValue: usdValue,
            feeSOL: nil,
            usdSource: usdValue == nil ? nil : .csv)
        self = .trade(wallet: wallet, trade: trade)
    }
}

/// Parses the typed fields of one record; every failure names the line and the column.
private struct FieldParser {
    let record: CSVRecord
    let schema: TrackerCSVSchema

    func error(_ column: Int, _ problem: String) -> WalletStreamError {
        WalletStreamError(
            code: .invalidInput, message: "line \(record.line), column \(schema.name(of: column)): \(problem)")
    }

    /// The field as text for a message, cut short so one bad row cannot flood a log.
    func shown(_ column: Int) -> String {
        let text = record.string(at: column)
        return text.count > 60 ? "'\(text.prefix(60))…'" : "'\(text)'"
    }

    func mint(_ column: Int) throws(WalletStreamError) -> String {
        guard !record.isEmpty(at: column) else { throw error(column, "token address is empty") }
        return record.string(at: column)
    }

    func positiveAmount(_ column: Int) throws(WalletStreamError) -> Amount {
        guard let amount = record.withField(column, { Amount.parse($0) }) else {
            throw error(column, "\(shown(column)) is not a decimal amount")
        }
        // A zero or negative leg would make the FIFO cost of a lot meaningless.
        guard amount.isPositive else { throw error(column, "\(shown(column)) is not a positive amount") }
        return amount
    }

    func optionalAmount(_ column: Int) throws(WalletStreamError) -> Amount? {
        if record.isEmpty(at: column) { return nil }
        guard let amount = record.withField(column, { Amount.parse($0) }) else {
            throw error(column, "\(shown(column)) is not a decimal amount")
        }
        return amount
    }

    func slot(_ column: Int) throws(WalletStreamError) -> UInt64 {
        guard let value = record.withField(column, { Self.unsigned($0) }) else {
            throw error(column, "\(shown(column)) is not a slot number")
        }
        return value
    }

    func legIndex(_ column: Int) throws(WalletStreamError) -> Int {
        guard let value = record.withField(column, { Self.unsigned($0) }), value <= UInt64(Int32.max) else {
            throw error(column, "\(shown(column)) is not a transaction index")
        }
        return Int(value)
    }

    func timestamp(_ column: Int) throws(WalletStreamError) -> Int64 {
        guard let seconds = UTCTimestamp.parse(record.string(at: column)) else {
            throw error(column, "\(shown(column)) is not an ISO-8601 UTC timestamp")
        }
        return seconds
    }

    func signature(_ column: Int) throws(WalletStreamError) -> String {
        // A Solana signature is 64 bytes: 64 to 88 base58 characters in practice; accept a
        // little slack either way but never anything outside the alphabet.
        let valid = record.withField(column) { bytes in
            (32...90).contains(bytes.count) && bytes.allSatisfy { Base58.isAlphabet($0) }
        }
        guard valid else { throw error(column, "\(shown(column)) is not a base58 transaction signature") }
        return record.string(at: column)
    }

    /// Plain ASCII digits to an unsigned integer; nil on anything else or on overflow.
    static func unsigned(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit = byte &- 48
            guard digit < 10 else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (added, o2) = shifted.addingReportingOverflow(UInt64(digit))
            guard !o1, !o2 else { return nil }
            value = added
        }
        return value
    }
}
