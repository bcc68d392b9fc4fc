import Foundation
import WalletStreamCore

extension UpstreamClient {
    /// SOL/USD minute closes from the price source, keyed by minute start (Unix seconds), for
    /// `from…to` (inclusive, Unix seconds); minutes without a candle are absent. Retried like
    /// every other request.
    public func minuteCloses(from: Int64, to: Int64) async throws -> [Int64: Amount] {
        guard let prices = configuration.prices else {
            throw WalletStreamError(code: .internalError, message: "no price source is configured")
        }
        var components = URLComponents(string: prices.url + "/history")
        components?.queryItems = [
            URLQueryItem(name: "symbol", value: prices.symbol), URLQueryItem(name: "resolution", value: "1"),
            URLQueryItem(name: "from", value: String(from)), URLQueryItem(name: "to", value: String(to)),
        ]
        guard let url = components?.url?.absoluteString else {
            throw WalletStreamError(code: .invalidParameter, message: "the price URL is not a valid URL")
        }
        let headers = prices.apiKey.map { [("X-API-Key", $0)] } ?? []
        return try await send(url: url, what: "priceHistory", body: nil, headers: headers) { bytes in
            let decoded = try JSONDecoder().decode(UDFHistoryResponse.self, from: Data(bytes))
            switch decoded.s {
            case "no_data":
                return [:]
            case "ok":
                let times = decoded.t ?? []
                let closes = decoded.c ?? []
                guard times.count == closes.count else {
                    throw UpstreamFailure(
                        kind: .malformedBody, detail: "UDF history with \(times.count) times and \(closes.count) closes"
                    )
                }
                var result: [Int64: Amount] = [:]
                for (time, close) in zip(times, closes) {
                    guard let amount = Self.amount(close), amount.units > 0 else {
                        throw UpstreamFailure(
                            kind: .malformedBody, detail: "UDF history with a close that is not a price")
                    }
                    result[time - time % 60] = amount
                }
                return result
            default:
                throw UpstreamFailure(
                    kind: .clientError, status: nil, retryAfter: nil,
                    detail: "UDF history error: \(decoded.errmsg ?? decoded.s)")
            }
        }
    }

    /// `value` rounded to the store's 12 decimals.
    static func amount(_ value: Decimal) -> Amount? {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 12, .plain)
        return Amount("\(rounded)")
    }
}
