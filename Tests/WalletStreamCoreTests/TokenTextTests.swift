import Testing
import WalletStreamCore

/// Token symbols and names are whatever a token's creator wrote: cleaned before they are stored.
struct TokenTextTests {
    @Test(arguments: [
        ("BONK", "BONK"),
        ("  padded  ", "padded"),
        ("two\n\nlines\tand\r\ntabs", "two lines and tabs"),
        ("\u{1B}[31mRED\u{1B}[0m", "[31mRED[0m"),
        ("evil\u{202E}txt.exe", "eviltxt.exe"),
        ("zero\u{200B}width\u{0}nul\u{7F}del\u{85}nel", "zerowidthnuldel nel"),
        ("bad\u{FFFD}utf8", "badutf8"),
        ("\"quoted\",comma", "\"quoted\",comma"),
        ("🐸 PEPE", "🐸 PEPE"),
    ])
    func symbolsLoseWhatCouldBreakOutput(input: String, expected: String) {
        #expect(TokenText.clean(input, limit: 64) == expected)
    }

    @Test func lengthIsCappedByCharactersAndEmptyTextIsNil() {
        #expect(TokenText.symbol(String(repeating: "Z", count: 100)) == String(repeating: "Z", count: 16))
        #expect(TokenText.name(String(repeating: "é", count: 100))?.count == TokenText.maxNameCharacters)
        // A flag is one character made of two scalars: never cut in half.
        #expect(TokenText.clean("🇫🇷🇫🇷", limit: 1) == "🇫🇷")
        #expect(TokenText.symbol(" \n\t\u{200B} ") == nil)
        #expect(TokenText.symbol(nil) == nil)
    }
}
