/// The `getSignaturesForAddress` response body.
struct SignaturesResponse: Decodable {
    struct Entry: Decodable {
        var signature: String
        var slot: UInt64
        var blockTime: Int64?
        /// Any JSON: present and non-null when the transaction failed.
        var err: JSONPresence?
    }

    struct RPCError: Decodable {
        var code: Int
        var message: String
    }

    var result: [Entry]?
    var error: RPCError?
}
