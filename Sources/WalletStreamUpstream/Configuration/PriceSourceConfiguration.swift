/// Where SOL/USD history comes from: any server with the TradingView UDF `history` interface
/// (Pyth's history API and many exchanges serve it).
public struct PriceSourceConfiguration: Sendable {
    /// Base URL; requests go to `{url}/history?symbol=…&resolution=1&from=…&to=…`.
    public var url: String
    /// The UDF symbol of SOL/USD.
    public var symbol: String
    /// Sent as `X-API-Key` when set; never logged.
    public var apiKey: String?

    public static let defaultSymbol = "Crypto.SOL/USD"

    public init(url: String, symbol: String = defaultSymbol, apiKey: String? = nil) {
        self.url = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.symbol = symbol
        self.apiKey = apiKey
    }
}

extension PriceSourceConfiguration: CustomStringConvertible {
    /// Safe to log: the key is redacted.
    public var description: String { "url=\(url) symbol=\(symbol) key=\(apiKey == nil ? "none" : "***")" }
}
