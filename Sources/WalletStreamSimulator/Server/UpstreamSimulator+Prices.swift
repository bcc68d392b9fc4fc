import Foundation
import Hummingbird
import WalletStreamCore
import WalletStreamWire

extension UpstreamSimulator {
    /// Most seconds one history request may span.
    static let maxPriceRange: Int64 = 7 * 86_400

    /// The SOL/USD close the price history gives for the minute starting at `minute` (Unix
    /// seconds), or nil inside a configured gap: the price the sample export implies for the
    /// minutes of its SOL trades, else a deterministic curve between 100 and 200 dollars.
    public func solClose(minute: Int64) -> Amount? {
        if configuration.priceGaps.contains(where: { $0.contains(minute) }) { return nil }
        if let implied = sampleExport?.solPrices[minute] { return implied }
        let phase = Double(minute) / 86_400 * 2 * Double.pi
        let cents = Int64((150 + 50 * sin(phase)) * 100)
        return Amount(String(format: "%lld.%02lld", cents / 100, cents % 100))
    }

    /// TradingView UDF `history`: minute candles (open = high = low = close) for `from…to`.
    func answerPrices(request: Request) -> (HTTPResponse.Status, [UInt8]) {
        let query = request.uri.queryParameters
        func error(_ message: String) -> (HTTPResponse.Status, [UInt8]) {
            plan.record { $0.badRequests += 1 }
            var json = JSONWriter(capacity: 64)
            json.raw("{\"s\":\"error\",\"errmsg\":")
            json.string(message)
            json.byte(UInt8(ascii: "}"))
            return (.ok, json.bytes)
        }
        guard query.get("symbol") == configuration.priceSymbol else { return error("unknown symbol") }
        guard query.get("resolution") == "1" else { return error("unsupported resolution") }
        guard let from = query.get("from").flatMap({ Int64($0) }), let to = query.get("to").flatMap({ Int64($0) }),
            from <= to, to - from <= Self.maxPriceRange
        else { return error("from and to must be Unix seconds, from <= to, at most 7 days apart") }
        var times: [Int64] = []
        var closes: [Amount] = []
        var minute = (from + 59) / 60 * 60
        while minute <= to {
            if let close = solClose(minute: minute) {
                times.append(minute)
                closes.append(close)
            }
            minute += 60
        }
        let served = times.count
        plan.record { $0.candlesServed += served }
        guard !times.isEmpty else { return (.ok, Array(#"{"s":"no_data"}"#.utf8)) }
        var json = JSONWriter(capacity: 40 * times.count * 5 + 64)
        json.raw("{\"s\":\"ok\",\"t\":[")
        for (index, time) in times.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.integer(time)
        }
        for key: StaticString in [",\"o\":[", ",\"h\":[", ",\"l\":[", ",\"c\":["] {
            json.raw("]")
            json.raw(key)
            for (index, close) in closes.enumerated() {
                if index > 0 { json.byte(UInt8(ascii: ",")) }
                json.bytes.append(contentsOf: close.description.utf8)
            }
        }
        json.raw("],\"v\":[")
        for index in times.indices { json.raw(index > 0 ? ",0" : "0") }
        json.raw("]}")
        return (.ok, json.bytes)
    }
}
