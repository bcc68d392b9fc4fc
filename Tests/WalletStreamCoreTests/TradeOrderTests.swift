import Testing
import WalletStreamCore
import WalletStreamTestSupport

@Suite struct TradeOrderTests {
    @Test func ordersBySlotThenTimeThenSignatureThenLeg() {
        let keys = [
            TradeOrderKey(slot: 2, blockTime: 5, signature: "A", leg: 0),
            TradeOrderKey(slot: 1, blockTime: 9, signature: "Z", leg: 3),
            TradeOrderKey(slot: 1, blockTime: 9, signature: "Z", leg: 1),
            TradeOrderKey(slot: 1, blockTime: 9, signature: "B", leg: 7),
            TradeOrderKey(slot: 1, blockTime: 8, signature: "z", leg: 0),
            TradeOrderKey(slot: 1, blockTime: 9, signature: "a", leg: 0),
        ]
        let sorted = keys.sorted()
        #expect(sorted.map(\.signature) == ["z", "B", "Z", "Z", "a", "A"])
        #expect(sorted.map(\.leg) == [0, 7, 1, 3, 0, 0])
    }

    @Test func cursorRoundTripsAndIsShortAndURLSafe() throws {
        let trade = TradeFixtures.buy(
            "MintA", quantity: "1", sol: "1", slot: 349_787_167,
            signature: "5g5rkbqii8rkHfgC8CWLDB2bBzKeoXcqmjyFbMvxUW9xXEEHnFc1QRqiG9eEcxdmLk6XgjVpJRnwYqqbWZKg3eBP",
            leg: 3)
        let cursor = TradeCursor(wallet: TradeFixtures.walletA, after: trade)
        let text = cursor.encoded
        #expect(text.utf8.count <= 64)
        #expect(text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        let decoded = try TradeCursor(decoding: text, wallet: TradeFixtures.walletA)
        #expect(decoded == cursor)
        #expect(decoded.slot == 349_787_167 && decoded.leg == 3)
        #expect(trade.signature.hasPrefix(decoded.signaturePrefix) && decoded.signaturePrefix.count >= 20)
    }

    @Test func aMarkedCursorCarriesItsMarkAndTheSamePosition() throws {
        let trade = TradeFixtures.buy(
            "MintA", quantity: "1", sol: "1", slot: 349_787_167,
            signature: "5g5rkbqii8rkHfgC8CWLDB2bBzKeoXcqmjyFbMvxUW9xXEEHnFc1QRqiG9eEcxdmLk6XgjVpJRnwYqqbWZKg3eBP",
            leg: 3)
        let plain = TradeCursor(wallet: TradeFixtures.walletA, after: trade)
        #expect(plain.lateMark == nil)
        #expect(try TradeCursor(decoding: plain.encoded, wallet: TradeFixtures.walletA).lateMark == nil)
        for mark: Int64 in [0, 1, 300, 1 << 40] {
            let marked = plain.marked(mark)
            let text = marked.encoded
            #expect(text.utf8.count <= 64)
            let decoded = try TradeCursor(decoding: text, wallet: TradeFixtures.walletA)
            #expect(decoded.lateMark == mark)
            #expect(decoded == marked)
            #expect(decoded.slot == plain.slot && decoded.blockTime == plain.blockTime && decoded.leg == plain.leg)
            #expect(trade.signature.hasPrefix(decoded.signaturePrefix) && decoded.signaturePrefix.count >= 20)
            #expect(!decoded.precedes(trade.orderKey))
        }
    }

    @Test func cursorFromAnotherWalletIsRejected() {
        let trade = TradeFixtures.buy("MintA", quantity: "1", sol: "1", slot: 10)
        let text = TradeCursor(wallet: TradeFixtures.walletA, after: trade).encoded
        #expect(throws: WalletStreamError.self) { try TradeCursor(decoding: text, wallet: TradeFixtures.walletB) }
        do {
            _ = try TradeCursor(decoding: text, wallet: TradeFixtures.walletB)
        } catch {
            #expect(error.code == .invalidCursor)
            #expect(error.message.contains("another wallet"))
        }
    }

    @Test(arguments: ["", "!!!", "AAAA", "not a cursor at all", String(repeating: "A", count: 65), "AQAAAAA"])
    func malformedCursorsAreRejected(text: String) {
        do {
            _ = try TradeCursor(decoding: text, wallet: TradeFixtures.walletA)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidCursor)
        }
    }

    @Test func cursorPrecedesExactlyTheLaterTrades() {
        let trades = (0..<6).map { index in
            TradeFixtures.buy(
                "M", quantity: "1", sol: "1", slot: UInt64(100 + index / 2), signature: "sig\(index / 2)",
                leg: index % 2)
        }
        for (position, trade) in trades.enumerated() {
            let cursor = TradeCursor(wallet: TradeFixtures.walletA, after: trade)
            let after = trades.filter { cursor.precedes($0.orderKey) }
            #expect(after == Array(trades[(position + 1)...]))
        }
    }
}
