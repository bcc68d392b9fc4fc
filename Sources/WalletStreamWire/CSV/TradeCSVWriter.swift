import WalletStreamCore

/// Writes trades as CSV rows (RFC 4180 quoting), one row per trade, for exports.
public enum TradeCSVWriter {
    /// The header row, matching the columns of ``appendRow(_:to:)``.
    public static let header =
        "signature,slot,timestamp,leg,venue,side,sold_mint,sold_symbol,sold_amount,bought_mint,bought_symbol,"
        + "bought_amount,sol_amount,usd_value,fee_sol,usd_source\n"

    /// Appends one CSV row for `trade`, ending in a newline.
    public static func appendRow(_ trade: Trade, to buffer: inout [UInt8]) {
        field(trade.signature, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        buffer.append(contentsOf: String(trade.slot).utf8)
        buffer.append(UInt8(ascii: ","))
        UTCTimestamp.append(trade.blockTime, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        buffer.append(contentsOf: String(trade.leg).utf8)
        buffer.append(UInt8(ascii: ","))
        field(trade.venue, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        buffer.append(contentsOf: trade.side.rawValue.utf8)
        for leg in [trade.sold, trade.bought] {
            buffer.append(UInt8(ascii: ","))
            field(leg.mint, to: &buffer)
            buffer.append(UInt8(ascii: ","))
            field(leg.symbol, to: &buffer)
            buffer.append(UInt8(ascii: ","))
            leg.amount.appendText(to: &buffer)
        }
        for amount in [trade.solAmount, trade.usdValue, trade.feeSOL] {
            buffer.append(UInt8(ascii: ","))
            amount?.appendText(to: &buffer)
        }
        buffer.append(UInt8(ascii: ","))
        if let source = trade.usdSource { buffer.append(contentsOf: source.rawValue.utf8) }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Quotes a field when it holds a comma, quote or line break, or leading or trailing spaces
    /// that readers would otherwise trim.
    static func field(_ value: String, to buffer: inout [UInt8]) {
        let utf8 = value.utf8
        let needsQuotes =
            utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20
        guard needsQuotes else {
            buffer.append(contentsOf: value.utf8)
            return
        }
        buffer.append(0x22)
        for byte in value.utf8 {
            if byte == 0x22 { buffer.append(0x22) }
            buffer.append(byte)
        }
        buffer.append(0x22)
    }
}
