import Foundation

/// The `getAssetBatch` response body: one asset or null per id asked, in order. Only the fields
/// WalletStream uses are read; everything else an asset carries is ignored.
struct AssetBatchResponse: Decodable {
    struct Asset: Decodable {
        struct Content: Decodable {
            struct Metadata: Decodable {
                var symbol: String?
                var name: String?
            }

            var metadata: Metadata?
        }

        struct TokenInfo: Decodable {
            struct PriceInfo: Decodable {
                var pricePerToken: Decimal?
                var currency: String?

                enum CodingKeys: String, CodingKey {
                    case pricePerToken = "price_per_token"
                    case currency
                }
            }

            var symbol: String?
            var decimals: Int?
            var priceInfo: PriceInfo?

            enum CodingKeys: String, CodingKey {
                case symbol, decimals
                case priceInfo = "price_info"
            }
        }

        var id: String
        var content: Content?
        var tokenInfo: TokenInfo?

        enum CodingKeys: String, CodingKey {
            case id, content
            case tokenInfo = "token_info"
        }
    }

    var result: [Asset?]?
    var error: SignaturesResponse.RPCError?
}
