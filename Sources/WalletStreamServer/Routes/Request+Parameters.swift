import Hummingbird
import WalletStreamCore

/// Parsing of path and query parameters into typed values, with errors that name the parameter.
extension Request {
    func wallet(_ context: some RequestContext) throws -> WalletAddress {
        try WalletAddress(validating: context.parameters.get("address") ?? "")
    }

    /// An integer query parameter within `range`, or `defaultValue` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws -> Int {
        guard let text = uri.queryParameters[name[...]] else { return defaultValue }
        guard let value = Int(String(text)), range.contains(value) else {
            throw WalletStreamError(
                code: .invalidParameter,
                message:
                    "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(40))'"
            )
        }
        return value
    }

    /// A query parameter that names one of `choices`, or `defaultValue` when absent.
    func choice<Value>(_ name: String, default defaultValue: Value, _ choices: [String: Value]) throws -> Value {
        guard let text = query(name) else { return defaultValue }
        guard let value = choices[text] else {
            let names = choices.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw WalletStreamError(
                code: .invalidParameter, message: "\(name) must be one of \(names), got '\(text.prefix(40))'")
        }
        return value
    }

    /// A cursor query parameter (or header) decoded for `wallet`.
    func cursor(_ text: String?, wallet: WalletAddress) throws -> TradeCursor? {
        guard let text, !text.isEmpty else { return nil }
        return try TradeCursor(decoding: text, wallet: wallet)
    }

    func query(_ name: String) -> String? {
        uri.queryParameters[name[...]].map(String.init)
    }
}
