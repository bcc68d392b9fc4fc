import WalletStreamCore

/// The fields of one Helius *enhanced transaction* (`POST /v0/transactions`) that the trade
/// parser reads.
///
/// Decoding is tolerant: every field but `signature` may be missing (partial dumps carry only a
/// few), unknown fields are ignored, `nativeTransfers` may be an array or a single object, and
/// `transactionError` may be any JSON value. Encoding writes the same shape back (arrays always,
/// `transactionError` as a string or `null`), so a simulator can produce this format.
public struct HeliusTransaction: Sendable, Hashable, Codable {
    /// Transaction signature (base58).
    public var signature: String
    /// The slot; nil in partial dumps.
    public var slot: UInt64?
    /// Block time, Unix seconds; nil in partial dumps.
    public var timestamp: Int64?
    /// Network fee in lamports, charged to ``feePayer``.
    public var fee: Int64?
    /// The account that paid ``fee``.
    public var feePayer: String?
    /// The program family Helius attributes the transaction to (`RAYDIUM`, `PUMP_AMM`, …).
    public var source: String?
    /// Helius's classification (`SWAP`, `TRANSFER`, …); informative only, the parser does not trust it.
    public var type: String?
    /// The error of a failed transaction: the JSON string itself, or any other JSON value as
    /// compact JSON text. nil when the transaction succeeded (`null` or absent).
    public var transactionError: String?
    /// SPL token movements, with UI amounts.
    public var tokenTransfers: [HeliusTokenTransfer]
    /// Lamport movements between accounts.
    public var nativeTransfers: [HeliusNativeTransfer]
    /// Per-account balance changes; nil when the source omitted them.
    public var accountData: [HeliusAccountData]?

    public init(
        signature: String,
        slot: UInt64? = nil,
        timestamp: Int64? = nil,
        fee: Int64? = nil,
        feePayer: String? = nil,
        source: String? = nil,
        type: String? = nil,
        transactionError: String? = nil,
        tokenTransfers: [HeliusTokenTransfer] = [],
        nativeTransfers: [HeliusNativeTransfer] = [],
        accountData: [HeliusAccountData]? = nil
    ) {
        self.signature = signature
        self.slot = slot
        self.timestamp = timestamp
        self.fee = fee
        self.feePayer = feePayer
        self.source = source
        self.type = type
        self.transactionError = transactionError
        self.tokenTransfers = tokenTransfers
        self.nativeTransfers = nativeTransfers
        self.accountData = accountData
    }

    /// Whether the transaction failed on chain.
    public var failed: Bool { transactionError != nil }

    enum CodingKeys: String, CodingKey {
        case signature, slot, timestamp, fee, feePayer, source, type, transactionError
        case tokenTransfers, nativeTransfers, accountData
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        signature = try container.decode(String.self, forKey: .signature)
        slot = try container.decodeIfPresent(UInt64.self, forKey: .slot)
        timestamp = try container.decodeIfPresent(Int64.self, forKey: .timestamp)
        fee = try container.decodeIfPresent(Int64.self, forKey: .fee)
        feePayer = try container.decodeIfPresent(String.self, forKey: .feePayer)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        if try !container.contains(.transactionError) || container.decodeNil(forKey: .transactionError) {
            transactionError = nil
        } else if let text = try? container.decode(String.self, forKey: .transactionError) {
            transactionError = text
        } else {
            transactionError = try container.decode(JSONValue.self, forKey: .transactionError).compactText
        }
        tokenTransfers = try container.decodeIfPresent([HeliusTokenTransfer].self, forKey: .tokenTransfers) ?? []
        if try !container.contains(.nativeTransfers) || container.decodeNil(forKey: .nativeTransfers) {
            nativeTransfers = []
        } else if let list = try? container.decode([HeliusNativeTransfer].self, forKey: .nativeTransfers) {
            nativeTransfers = list
        } else {
            // Some dumps hold a single transfer object instead of an array.
            nativeTransfers = [try container.decode(HeliusNativeTransfer.self, forKey: .nativeTransfers)]
        }
        accountData = try container.decodeIfPresent([HeliusAccountData].self, forKey: .accountData)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(signature, forKey: .signature)
        try container.encodeIfPresent(slot, forKey: .slot)
        try container.encodeIfPresent(timestamp, forKey: .timestamp)
        try container.encodeIfPresent(fee, forKey: .fee)
        try container.encodeIfPresent(feePayer, forKey: .feePayer)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(type, forKey: .type)
        try container.encode(transactionError, forKey: .transactionError)
        try container.encode(tokenTransfers, forKey: .tokenTransfers)
        try container.encode(nativeTransfers, forKey: .nativeTransfers)
        try container.encodeIfPresent(accountData, forKey: .accountData)
    }
}
