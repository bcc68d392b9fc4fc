/// `getSignaturesForAddress` request and response bodies.
struct SignaturesRequest: Encodable {
    struct Options: Encodable {
        var limit: Int
        var before: String?
        var until: String?
    }

    var jsonrpc = "2.0"
    var id = 1
    var method = "getSignaturesForAddress"
    var params: (String, Options)

    enum CodingKeys: String, CodingKey { case jsonrpc, id, method, params }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        try container.encode(method, forKey: .method)
        var params = container.nestedUnkeyedContainer(forKey: .params)
        try params.encode(self.params.0)
        try params.encode(self.params.1)
    }
}
