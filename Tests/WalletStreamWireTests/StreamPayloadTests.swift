import Foundation
import Testing
import WalletStreamCore
import WalletStreamTestSupport
import WalletStreamWire

@Suite struct StreamPayloadTests {
    func json(_ value: some Encodable) throws -> String {
        String(decoding: try value.jsonBytes(), as: UTF8.self)
    }

    @Test func connectedWritesSnakeCaseKeysAndAnExplicitNullCursor() throws {
        let connected = StreamConnected(streamID: "s1", wallet: "w", totalTrades: 3, batchSize: 2, resumedAfter: nil)
        #expect(
            try json(connected)
                == #"{"batch_size":2,"resumed_after":null,"stream_id":"s1","total_trades":3,"wallet":"w"}"#)
        let decoded = try JSONDecoder().decode(StreamConnected.self, from: Data(try json(connected).utf8))
        #expect(decoded == connected)
    }

    @Test func progressPercentageIsAJSONNumber() throws {
        let text = #"{"percentage":42.5,"trades_sent":85,"total_trades":200}"#
        let progress = try JSONDecoder().decode(StreamProgress.self, from: Data(text.utf8))
        #expect(progress == StreamProgress(percentage: 42.5, tradesSent: 85, totalTrades: 200))
        #expect(try json(progress) == #"{"percentage":42.5,"step":"streaming","total_trades":200,"trades_sent":85}"#)
    }

    @Test("The hand-written progress event equals JSONEncoder's, for every tenth of a percent")
    func handWrittenProgressEqualsTheEncodable() throws {
        var cases: [StreamProgress] = (0...1000).map { tenths in
            // As the producer computes it: rounded down to a tenth.
            let percentage = (Double(tenths) * 1.0000001).rounded(.down) / 10
            return StreamProgress(percentage: percentage, tradesSent: tenths * 7, totalTrades: 7000)
        }
        cases.append(
            StreamProgress(
                percentage: 42.5, tradesSent: 1, totalTrades: 2, step: "fe\"tch\u{1}", signaturesListed: 3,
                transactionsFetched: 4, transactionsPending: 5, queuePosition: 6))
        cases.append(StreamProgress(percentage: 0, tradesSent: 0, totalTrades: 0, step: "queued", queuePosition: 1))
        for progress in cases {
            var handWritten = SSEEventWriter(capacity: 0)
            try handWritten.progress(progress)
            var encoded = SSEEventWriter(capacity: 0)
            try encoded.event(.progress, payload: progress)
            #expect(handWritten.takeBytes() == encoded.takeBytes(), "\(progress)")
        }
        // Not a multiple of 0.1: left to the encoder, the same bytes.
        var writer = JSONWriter()
        let written = writer.progress(StreamProgress(percentage: 1.0 / 3, tradesSent: 1, totalTrades: 3))
        #expect(!written)
        #expect(writer.bytes.isEmpty)
        var odd = SSEEventWriter(capacity: 0)
        try odd.progress(StreamProgress(percentage: 1.0 / 3, tradesSent: 1, totalTrades: 3))
        var oddEncoded = SSEEventWriter(capacity: 0)
        try oddEncoded.event(.progress, payload: StreamProgress(percentage: 1.0 / 3, tradesSent: 1, totalTrades: 3))
        #expect(odd.takeBytes() == oddEncoded.takeBytes())
    }

    @Test func tradesCompleteAndErrorRoundTrip() throws {
        let batch = [
            TradeFixtures.buy("Bonk1", quantity: "10", sol: "1", slot: 1),
            TradeFixtures.sell("Bonk1", quantity: "10", sol: "2", slot: 2),
        ]
        let trades = StreamTrades(batchNum: 1, trades: batch, totalYielded: 2, hasMore: false)
        #expect(try json(trades).contains(#""batch_num":1,"has_more":false,"total_yielded":2,"trades":[{"#))
        #expect(try JSONDecoder().decode(StreamTrades.self, from: Data(try json(trades).utf8)) == trades)
        #expect(try json(StreamComplete(tradesFound: 2, elapsedMs: 7)) == #"{"elapsed_ms":7,"trades_found":2}"#)
        let error = try JSONDecoder().decode(
            ErrorBody.self, from: Data(#"{"error":"bye","code":"SHUTTING_DOWN"}"#.utf8))
        #expect(error.walletStreamError == WalletStreamError(code: .shuttingDown, message: "bye"))
    }

    @Test func theTradesEventWriterAndCodableAgree() throws {
        let batch = [TradeFixtures.buy("Bonk1", quantity: "10", sol: "1", slot: 1)]
        let tradeJSON = batch.map { trade in
            var json = JSONWriter()
            json.trade(trade)
            return json.bytes
        }
        var writer = JSONWriter()
        writer.streamTrades(batchNumber: 4, tradeJSON: tradeJSON, totalYielded: 9, hasMore: true)
        let decoded = try JSONDecoder().decode(StreamTrades.self, from: Data(writer.bytes))
        #expect(decoded == StreamTrades(batchNum: 4, trades: batch, totalYielded: 9, hasMore: true))
    }

    @Test func eventNamesMatchTheContract() {
        #expect(
            StreamEventName.allCases.map(\.rawValue) == [
                "connected", "trades", "progress", "summary", "correction", "complete", "error",
            ])
    }
}
