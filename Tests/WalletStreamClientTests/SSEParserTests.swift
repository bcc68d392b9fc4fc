import NIOCore
import Testing
import WalletStreamClient

@Suite struct SSEParserTests {
    /// Parses `chunks` in order with one parser.
    func parse(_ chunks: [[UInt8]], parser: inout SSEParser) -> [SSEEvent] {
        chunks.flatMap { parser.parse($0) }
    }

    func parse(_ text: String...) -> (events: [SSEEvent], parser: SSEParser) {
        var parser = SSEParser()
        let events = parse(text.map { Array($0.utf8) }, parser: &parser)
        return (events, parser)
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ end: String) {
        let stream = "event: trades\(end)id: 1\(end)data: a\(end)data: b\(end)\(end)data: c\(end)\(end)"
        let (events, parser) = parse(stream)
        #expect(
            events == [
                SSEEvent(type: "trades", data: "a\nb", lastEventID: "1"),
                SSEEvent(type: "message", data: "c", lastEventID: "1"),
            ])
        #expect(parser.lastEventID == "1")
    }

    @Test func crAtChunkEndAndLFAtNextStartAreOneLineEnd() {
        // Were the LF taken as a second line end, the blank line would dispatch "a" alone.
        let (events, _) = parse("data: a\r", "\ndata: b\r", "\n\r", "\n")
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test func crThenEmptyChunkThenLF() {
        let (events, _) = parse("data: a\r", "", "\ndata: b\n\n")
        #expect(events == [SSEEvent(data: "a\nb")])
    }

    @Test func loneCRsAreLineEnds() {
        let (events, _) = parse("data: a\r\rdata: b\r", "\r")
        #expect(events == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    static let sample: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(sampleText.utf8)

    static let sampleText: String =
        "retry: 2500\r\n: ping\r\nevent: connected\r\ndata: {\"x\":1}\r\n\r\n"
        + "id: c1\nevent: trades\ndata: [1,\ndata:  2]\n\n"
        + ": ping\r\rdata: café ☕\r\r"
        + "id: c2\r\n\r\n"
        + "event: summary\ndata\nfoo: bar\ndata:x\n\n"
        + "id: bad\u{0}id\nevent: complete\ndata: {}\n\n"
        + "data: unfinished"

    static let sampleEvents = [
        SSEEvent(type: "connected", data: "{\"x\":1}", lastEventID: ""),
        SSEEvent(type: "trades", data: "[1,\n 2]", lastEventID: "c1"),
        SSEEvent(type: "message", data: "café ☕", lastEventID: "c1"),
        SSEEvent(type: "summary", data: "\nx", lastEventID: "c2"),
        SSEEvent(type: "complete", data: "{}", lastEventID: "c2"),
    ]

    @Test func sampleStreamInOneChunk() {
        var parser = SSEParser()
        let events = parser.parse(Self.sample)
        #expect(events == Self.sampleEvents)
        #expect(parser.lastEventID == "c2")
        #expect(parser.reconnectionTime == 2500)
        #expect(parser.commentCount == 2)
        #expect(parser.bufferedByteCount == "data: unfinished".utf8.count)
    }

    @Test func everySplitIntoTwoOrThreeChunksYieldsIdenticalEvents() {
        let bytes = Self.sample
        for first in 0...bytes.count {
            for second in first...bytes.count {
                var parser = SSEParser()
                let chunks = [Array(bytes[..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                let events = parse(chunks, parser: &parser)
                guard events == Self.sampleEvents, parser.lastEventID == "c2", parser.commentCount == 2,
                    parser.reconnectionTime == 2500
                else {
                    Issue.record("split at \(first), \(second) gave \(events)")
                    return
                }
            }
        }
    }

    @Test func byteByByteYieldsIdenticalEvents() {
        var parser = SSEParser()
        let events = parse(Self.sample.map { [$0] }, parser: &parser)
        #expect(events == Self.sampleEvents)
    }

    @Test func byteBufferInput() {
        var parser = SSEParser()
        let events = parser.parse(ByteBuffer(bytes: Self.sample))
        #expect(events == Self.sampleEvents)
    }

    @Test func multiLineDataAndLeadingSpace() {
        let (events, _) = parse("data: a\ndata:\ndata:  b\ndata:c\n\n")
        #expect(events == [SSEEvent(data: "a\n\n b\nc")])
    }

    @Test func fieldWithoutColonHasEmptyValue() {
        let (events, parser) = parse("id: 5\n\ndata\n\nid\ndata: x\n\n")
        #expect(events == [SSEEvent(data: "", lastEventID: "5"), SSEEvent(data: "x", lastEventID: "")])
        #expect(parser.lastEventID == "")
    }

    @Test func commentsAreCountedAndNotDispatched() {
        let (events, parser) = parse(": ping\n\n:\n: another ping\n\n")
        #expect(events.isEmpty)
        #expect(parser.commentCount == 3)
    }

    @Test func idPersistsAcrossEventsAndNulIdIsIgnored() {
        let (events, parser) = parse("id: 1\ndata: a\n\ndata: b\n\nid: 2\u{0}\ndata: c\n\n")
        #expect(events.map(\.lastEventID) == ["1", "1", "1"])
        #expect(parser.lastEventID == "1")
    }

    @Test func idPersistsIntoANewParser() {
        var parser = SSEParser(lastEventID: "cursor-9")
        #expect(parser.parse(Array("data: x\n\n".utf8)) == [SSEEvent(data: "x", lastEventID: "cursor-9")])
    }

    @Test func idWithoutDataUpdatesLastEventIDButDispatchesNothing() {
        let (events, parser) = parse("id: 7\n\n")
        #expect(events.isEmpty)
        #expect(parser.lastEventID == "7")
    }

    @Test func idTakesEffectOnlyAtTheBlankLine() {
        let (events, parser) = parse("data: a\n\nid: 8\ndata: b\n")
        #expect(events == [SSEEvent(data: "a")])
        #expect(parser.lastEventID == "")
    }

    @Test(
        arguments: [
            ("retry: 3000\n", 3000), ("retry:15\n", 15), ("retry: 3s\n", nil), ("retry: -1\n", nil), ("retry:\n", nil),
            ("retry: 1 2\n", nil),
        ] as [(String, Int?)])
    func retry(_ line: String, _ expected: Int?) {
        #expect(parse(line).parser.reconnectionTime == expected)
    }

    @Test func invalidRetryKeepsThePreviousValue() {
        #expect(parse("retry: 100\nretry: x\n").parser.reconnectionTime == 100)
    }

    @Test func leadingBOMIsStrippedOnlyOnce() {
        var parser = SSEParser()
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let events = parse([bom + Array("data: a\n\n".utf8)], parser: &parser)
        #expect(events == [SSEEvent(data: "a")])
        // A second BOM makes the field name "\u{FEFF}data", which is not a known field.
        var twice = SSEParser()
        #expect(parse([bom + bom + Array("data: a\n\n".utf8)], parser: &twice).isEmpty)
    }

    @Test func bomSplitAcrossChunks() {
        var parser = SSEParser()
        let events = parse([[0xEF], [0xBB], [0xBF, UInt8(ascii: "d")], Array("ata: a\n\n".utf8)], parser: &parser)
        #expect(events == [SSEEvent(data: "a")])
    }

    @Test func partialBOMIsContent() {
        var parser = SSEParser()
        // 0xEF 0xBB then "data" is not a BOM: the bytes stay, making an unknown field name.
        let events = parse([[0xEF, 0xBB], Array("data: a\n\ndata: b\n\n".utf8)], parser: &parser)
        #expect(events == [SSEEvent(data: "b")])
    }

    @Test func eventWithoutDataIsNotDispatchedAndItsTypeIsReset() {
        let (events, _) = parse("event: foo\n\ndata: x\n\n")
        #expect(events == [SSEEvent(type: "message", data: "x")])
    }

    @Test func unfinishedEventIsDiscardedAtFinish() {
        var parser = SSEParser()
        #expect(parser.parse(Array("id: 3\ndata: half".utf8)).isEmpty)
        parser.finish()
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.parse(Array("\n\n".utf8)).isEmpty)
        #expect(parser.lastEventID == "")
    }

    @Test func utf8SplitInsideACharacter() {
        let bytes = Array("data: ☕\n\n".utf8)
        var parser = SSEParser()
        let events = parse([Array(bytes[..<7]), Array(bytes[7...])], parser: &parser)
        #expect(events == [SSEEvent(data: "☕")])
    }
}
