import WalletStreamCore

/// The upstream APIs the simulator speaks.
public enum UpstreamAPI: String, Sendable, Hashable, CaseIterable {
    /// Solana JSON-RPC (`getSignaturesForAddress`), POST to any path except `/v0/transactions`.
    case rpc
    /// Helius enhanced transactions, `POST /v0/transactions?api-key=KEY`.
    case helius
    /// TradingView UDF price history, `GET /history?symbol=…&resolution=1&from=…&to=…`.
    case prices
}
