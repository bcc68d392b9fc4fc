import Foundation
import Testing
import WalletStreamCore
import WalletStreamTestSupport
import WalletStreamWire

/// The hot-path ``JSONWriter`` and the `Codable` form (used for decoding) must be one format.
@Suite struct TradeJSONTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// Trades that exercise every field shape: nulls, swaps, odd symbols and venues.
    static var variedTrades: [Trade] {
        var trades: [Trade] = [
            TradeFixtures.buy("Bonk1", quantity: "10", sol: "1", slot: 1),
            TradeFixtures.sell("Bonk1", quantity: "0.000000000001", sol: "123456789.5", usd: "-3.25", slot: 2, leg: 3),
            TradeFixtures.swap(from: "Bonk1", quantity: "7", to: "WIF1", received: "0", usd: "1", slot: 3),
        ]
        let symbols = [
            "quote\"back\\slash", "line\nbreak\ttab\r", "\u{01}\u{08}\u{0C}\u{1F}", "émoji 🚀", "slash/",
            "", "<script>", "\u{7F}",
        ]
        for (index, symbol) in symbols.enumerated() {
            var trade = TradeFixtures.buy("Mint\(index)", quantity: "1", sol: "0.5", slot: UInt64(10 + index))
            trade.bought = TokenLeg(mint: trade.bought.mint, symbol: symbol, amount: trade.bought.amount)
            trade.venue = symbol
            trade.feeSOL = Amount("0.000005")
            trade.usdSource = USDSource.allCases[index % USDSource.allCases.count]
            trades.append(trade)
        }
        return trades
    }

    /// The same JSON value with its object keys sorted: `JSONEncoder` does not keep the order in
    /// which `encode(to:)` writes keys, the writer keeps the contract's order.
    static func canonical(_ bytes: some Sequence<UInt8>) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        let sorted = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: sorted, as: UTF8.self)
    }

    @Test("JSONWriter writes every trade as the same JSON as its Codable form")
    func writerMatchesCodable() throws {
        for trade in Self.variedTrades {
            var writer = JSONWriter()
            writer.trade(trade)
            #expect(try Self.canonical(writer.bytes) == Self.canonical(try Self.encoder.encode(trade)))
            #expect(try JSONDecoder().decode(Trade.self, from: Data(writer.bytes)) == trade)
            #expect(String(decoding: writer.bytes.prefix(13), as: UTF8.self) == #"{"signature":"#)
        }
    }

    @Test("JSONWriter escapes strings byte for byte as JSONEncoder does")
    func stringsMatchJSONEncoder() throws {
        for trade in Self.variedTrades {
            var writer = JSONWriter()
            writer.string(trade.venue)
            #expect(
                String(decoding: writer.bytes, as: UTF8.self)
                    == String(decoding: try Self.encoder.encode(trade.venue), as: UTF8.self))
        }
    }

    @Test("The SSE writer frames events and errors as the contract says")
    func sseFraming() throws {
        var events = SSEEventWriter()
        events.retry(1500)
        try events.event(.complete, payload: StreamComplete(tradesFound: 1, elapsedMs: 2))
        events.event(.trades, id: "abc") { $0.raw("{}") }
        events.heartbeat()
        events.error(ErrorBody(error: "a \"quoted\" stop", code: .shuttingDown), retry: 250)
        #expect(
            String(decoding: events.takeBytes(), as: UTF8.self)
                == "retry: 1500\n\nevent: complete\ndata: {\"elapsed_ms\":2,\"trades_found\":1}\n\n"
                + "event: trades\nid: abc\ndata: {}\n\n: ping\n\n"
                + "retry: 250\n\nevent: error\ndata: {\"code\":\"SHUTTING_DOWN\",\"error\":\"a \\\"quoted\\\" stop\"}\n\n"
        )
        #expect(events.byteCount == 0)
    }

    @Test("Error codes are a closed set that round-trips through JSON")
    func errorCodes() throws {
        for code in WalletStreamError.Code.allCases {
            let body = ErrorBody(error: "x \"quoted\"\n", code: code, requestID: code == .notFound ? "req-1" : nil)
            #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(try body.jsonBytes())) == body)
            var json = JSONWriter()
            json.errorBody(body)
            #expect(json.bytes == (try body.jsonBytes()))
        }
        #expect(WalletStreamError.Code(rawValue: "HTTP_418") == nil)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ErrorBody.self, from: Data(#"{"error":"x","code":"MADE_UP"}"#.utf8))
        }
    }
}
