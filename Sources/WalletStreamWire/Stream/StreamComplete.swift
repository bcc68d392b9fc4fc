import WalletStreamCore

/// Payload of the `complete` event, after which the server ends the response.
public struct StreamComplete: Sendable, Equatable, Codable {
    /// Trades the server found for the wallet.
    public var tradesFound: Int
    /// Server-side duration of the stream in milliseconds.
    public var elapsedMs: Int

    public init(tradesFound: Int, elapsedMs: Int) {
        self.tradesFound = tradesFound
        self.elapsedMs = elapsedMs
    }

    enum CodingKeys: String, CodingKey {
        case tradesFound = "trades_found"
        case elapsedMs = "elapsed_ms"
    }
}
