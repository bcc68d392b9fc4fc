/// A Solana account address: base58 text that decodes to exactly 32 bytes.
public struct WalletAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The base58 text, exactly as validated.
    public let rawValue: String

    /// Validates `text`; the error names what is wrong with it.
    public init(validating text: String) throws(WalletStreamError) {
        guard !text.isEmpty else {
            throw WalletStreamError(code: .invalidAddress, message: "wallet address is empty")
        }
        if let bad = text.unicodeScalars.first(where: { !$0.isASCII || !Base58.isAlphabet(UInt8($0.value)) }) {
            throw WalletStreamError(
                code: .invalidAddress,
                message: "wallet address '\(text)' contains '\(bad)', which is not a base58 character"
            )
        }
        guard text.count <= 44 else {
            throw WalletStreamError(
                code: .invalidAddress,
                message:
                    "wallet address '\(text.prefix(60))' is \(text.count) characters; a Solana address has 32 to 44"
            )
        }
        guard let bytes = Base58.decode(text), bytes.count == 32 else {
            let count = Base58.decode(text)?.count ?? 0
            throw WalletStreamError(
                code: .invalidAddress,
                message: "wallet address '\(text)' decodes to \(count) bytes; a Solana address is 32 bytes"
            )
        }
        rawValue = text
    }

    public var description: String { rawValue }

    public static func < (lhs: WalletAddress, rhs: WalletAddress) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension WalletAddress: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try WalletAddress(validating: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
