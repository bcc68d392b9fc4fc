/// The DAS API's `getAssetBatch` request body (JSON-RPC on the RPC URL).
struct AssetBatchRequest: Encodable {
    struct Params: Encodable {
        var ids: [String]
    }

    var jsonrpc = "2.0"
    var id = "walletstream"
    var method = "getAssetBatch"
    var params: Params
}
