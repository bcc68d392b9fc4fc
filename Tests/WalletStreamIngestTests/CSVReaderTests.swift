import Testing
import WalletStreamCore
import WalletStreamIngest

/// Reads `text` fed in chunks of `chunkSize` bytes and returns (line, fields) per record.
private func read(_ text: String, chunkSize: Int = .max) throws -> [(line: Int, fields: [String])] {
    try read(Array(text.utf8), chunkSize: chunkSize)
}

private func read(_ bytes: [UInt8], chunkSize: Int = .max) throws -> [(line: Int, fields: [String])] {
    var reader = CSVReader()
    var records: [(line: Int, fields: [String])] = []
    var start = 0
    while start < bytes.count {
        let end = start + min(chunkSize, bytes.count - start)
        try reader.feed(bytes[start..<end]) { records.append(($0.line, $0.fields)) }
        start = end
    }
    try reader.finish { records.append(($0.line, $0.fields)) }
    return records
}

@Suite struct CSVReaderTests {
    @Test func plainRecordsWithAndWithoutFinalNewline() throws {
        let records = try read("a,b,c\n1,2,3\n4,,6")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"], ["4", "", "6"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func quotedFieldsKeepCommasAndNonASCII() throws {
        let records = try read("sym,name\n\"1,821,550\",\"≡ coin\"\n❗❗❗,\"a, b, c\"\n")
        #expect(records.map(\.fields) == [["sym", "name"], ["1,821,550", "≡ coin"], ["❗❗❗", "a, b, c"]])
    }

    @Test func doubledQuotesBecomeOneQuote() throws {
        let records = try read("\"say \"\"hi\"\"\",\"\"\"\",\"\"\n")
        #expect(records.map(\.fields) == [["say \"hi\"", "\"", ""]])
    }

    @Test func crlfLineEndings() throws {
        let records = try read("a,b\r\n1,2\r\n\"x\",y\r\n")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["x", "y"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func embeddedNewlinesKeepTheirBytesAndAdvanceLineNumbers() throws {
        let text = "h1,h2\n\"two\nlines\",x\n\"three\r\nCRLF\r\nlines\",y\nlast,z\n"
        let records = try read(text)
        #expect(
            records.map(\.fields) == [
                ["h1", "h2"], ["two\nlines", "x"], ["three\r\nCRLF\r\nlines", "y"], ["last", "z"],
            ])
        #expect(records.map(\.line) == [1, 2, 4, 7])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let records = try read("a\n\n\r\nb\n")
        #expect(records.map(\.fields) == [["a"], ["b"]])
        #expect(records.map(\.line) == [1, 4])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let records = try read([0xEF, 0xBB, 0xBF] + Array("wallet,x\n1,2\n".utf8), chunkSize: 1)
        #expect(records.first?.fields == ["wallet", "x"])
        // A lone 0xEF that is not a mark stays data.
        let other = try read([0xEF, 0x41, 0x0A])
        #expect(other.first?.fields == [String(decoding: [0xEF, 0x41], as: UTF8.self)])
    }

    @Test func unterminatedQuoteIsAnErrorNamingItsLine() throws {
        #expect {
            _ = try read("a\nb\n\"open,\nstill open")
        } throws: { error in
            guard let error = error as? WalletStreamError else { return false }
            return error.code == .invalidInput && error.message.hasPrefix("line 3:")
        }
    }

    @Test func everyChunkBoundaryGivesTheSameRecords() throws {
        let text =
            "wallet,sym,amt\r\n\"1,821,550\",\"q\"\"uote\",≡\n\"multi\r\nline\",❗❗❗,\"\"\n\n"
            + "plain,\"x\",y\r\nlast,\"no newline\",\"end\"\"\""
        let bytes = Array(text.utf8)
        let whole = try read(bytes)
        #expect(whole.count == 5)
        for split in 0...bytes.count {
            var reader = CSVReader()
            var records: [(line: Int, fields: [String])] = []
            try reader.feed(bytes[..<split]) { records.append(($0.line, $0.fields)) }
            try reader.feed(bytes[split...]) { records.append(($0.line, $0.fields)) }
            try reader.finish { records.append(($0.line, $0.fields)) }
            #expect(records.map(\.fields) == whole.map(\.fields), "split at \(split)")
            #expect(records.map(\.line) == whole.map(\.line), "split at \(split)")
        }
        for chunkSize in 1...7 {
            let chunked = try read(bytes, chunkSize: chunkSize)
            #expect(chunked.map(\.fields) == whole.map(\.fields), "chunks of \(chunkSize)")
            #expect(chunked.map(\.line) == whole.map(\.line), "chunks of \(chunkSize)")
        }
    }

    @Test func fieldAccessorsSeeTheUnescapedBytes() throws {
        var reader = CSVReader()
        var seen: [Bool] = []
        try reader.feed(Array("swap,\"\",\"12.5\"\n".utf8)) { record in
            seen.append(record.field(0, equals: "swap"))
            seen.append(record.isEmpty(at: 1))
            seen.append(record.withField(2) { Amount.parse($0) } == Amount("12.5"))
            seen.append(record.isEmpty(at: 99))
        }
        #expect(seen == [true, true, true, true])
    }
}
