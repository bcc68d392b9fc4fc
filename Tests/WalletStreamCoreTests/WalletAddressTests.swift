import Testing
import WalletStreamCore

@Suite struct WalletAddressTests {
    @Test(arguments: [
        "3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2", "So11111111111111111111111111111111111111112",
        "11111111111111111111111111111111",
    ])
    func acceptsValidAddresses(text: String) throws {
        let address = try WalletAddress(validating: text)
        #expect(address.rawValue == text)
        #expect(Base58.decode(text)?.count == 32)
    }

    @Test func rejectsEmpty() {
        #expect(throws: WalletStreamError(code: .invalidAddress, message: "wallet address is empty")) {
            try WalletAddress(validating: "")
        }
    }

    @Test(arguments: [
        ("3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr0", "'0'"),  // 0 is not base58
        ("3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkrI", "'I'"),
        ("abc", "decodes to 3 bytes"),
        ("3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2xxxxxxx", "characters"),
        ("3JoVBiQEA2QKsq7TzW5ez5jVRtbb gTNijoZzp5qgkr2", "' '"),
        ("3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkré", "'é'"),
    ])
    func rejectsWithAReason(text: String, reason: String) {
        do {
            _ = try WalletAddress(validating: text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidAddress)
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test func base58RoundTrips() {
        let bytes: [UInt8] = [0, 0, 1, 2, 3, 255, 128, 64]
        #expect(Base58.decode(Base58.encode(bytes)) == bytes)
        #expect(Base58.encode([0, 0, 0]) == "111")
    }
}
