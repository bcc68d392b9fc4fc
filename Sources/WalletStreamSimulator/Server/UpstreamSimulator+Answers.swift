import Foundation
import Hummingbird
import NIOCore
import WalletStreamCore
import WalletStreamWire

extension UpstreamSimulator {
    /// A JSON-RPC request: `id` is echoed back as given (number or string).
    private struct RPCRequest: Decodable {
        enum ID {
            case number(Int64)
            case string(String)
        }

        struct Options: Decodable {
            var limit: Int?
            var before: String?
            var until: String?
        }

        /// `getAssetBatch`'s params object.
        struct AssetParams: Decodable {
            var ids: [String]
        }

        var id: ID
        var method: String
        var address: String?
        var options: Options?
        var ids: [String]?

        enum CodingKeys: String, CodingKey { case id, method, params }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let number = try? container.decode(Int64.self, forKey: .id) {
                id = .number(number)
            } else {
                id = .string((try? container.decode(String.self, forKey: .id)) ?? "")
            }
            method = try container.decode(String.self, forKey: .method)
            ids = (try? container.decode(AssetParams.self, forKey: .params))?.ids
            if var params = try? container.nestedUnkeyedContainer(forKey: .params) {
                address = try? params.decode(String.self)
                options = params.isAtEnd ? nil : try? params.decode(Options.self)
            }
        }
    }

    func answerRPC(body: ByteBuffer) -> [UInt8] {
        guard let request = try? JSONDecoder().decode(RPCRequest.self, from: Data(buffer: body)) else {
            return rpcError(id: .number(0), code: -32700, message: "Parse error")
        }
        if request.method == "getAssetBatch" { return answerAssets(request) }
        guard request.method == "getSignaturesForAddress" else {
            return rpcError(id: request.id, code: -32601, message: "Method not found")
        }
        guard let address = request.address, (try? WalletAddress(validating: address)) != nil else {
            return rpcError(id: request.id, code: -32602, message: "Invalid param: Invalid")
        }
        let limit = request.options?.limit ?? Self.maxSignaturesPerPage
        guard (1...Self.maxSignaturesPerPage).contains(limit) else {
            return rpcError(id: request.id, code: -32602, message: "Invalid limit")
        }
        let before = request.options?.before
        let until = request.options?.until
        var json = JSONWriter(capacity: 200 * limit + 64)
        json.raw("{\"jsonrpc\":\"2.0\",\"result\":[")
        var served = 0
        func entry(signature: String, slot: UInt64, blockTime: Int64, failed: Bool) {
            if served > 0 { json.byte(UInt8(ascii: ",")) }
            served += 1
            json.raw("{\"blockTime\":")
            json.integer(blockTime)
            json.raw(",\"confirmationStatus\":\"finalized\",\"err\":")
            if failed {
                json.raw("{\"InstructionError\":[3,{\"Custom\":6001}]}")
            } else {
                json.raw("null")
            }
            json.raw(",\"memo\":null,\"signature\":")
            json.string(signature)
            json.raw(",\"slot\":")
            json.integer(slot)
            json.byte(UInt8(ascii: "}"))
        }
        if address == Self.realWallet, let sample {
            for position in sample.listing(before: before, until: until, limit: limit) {
                let item = sample.entries[position]
                entry(signature: item.signature, slot: item.slot, blockTime: item.blockTime, failed: item.failed)
            }
        } else {
            let wallet = generatedWallet(address)
            let indices = wallet.listing(before: before, until: until, limit: limit, visible: visibleTransactions)
            if let newest = indices.first, let oldest = indices.last {
                for transaction in history.transactions(oldest..<(newest + 1)).reversed() {
                    var failed = false
                    if case .failed = transaction.kind { failed = true }
                    entry(
                        signature: wallet.signature(transaction.index), slot: transaction.slot,
                        blockTime: transaction.blockTime, failed: failed)
                }
            }
        }
        json.raw("],\"id\":")
        writeID(request.id, to: &json)
        json.byte(UInt8(ascii: "}"))
        plan.record { [served] in
            $0.listingRequests += 1
            $0.signaturesServed += served
        }
        return json.bytes
    }

    /// The DAS API's `getAssetBatch`: an asset or null per id, in order.
    private func answerAssets(_ request: RPCRequest) -> [UInt8] {
        guard let ids = request.ids, (1...Self.maxAssetsPerRequest).contains(ids.count) else {
            return rpcError(id: request.id, code: -32602, message: "Invalid params: ids must hold 1 to 1000 ids")
        }
        struct Answer: Encodable {
            var jsonrpc = "2.0"
            var result: [SimulatedAsset?]
            var id: String
        }
        let id: String
        switch request.id {
        case .number(let number): id = String(number)
        case .string(let text): id = text
        }
        plan.record {
            $0.assetRequests += 1; $0.assetsAsked += ids.count
        }
        let answer = Answer(result: ids.map { asset(for: $0) }, id: id)
        return (try? Array(JSONEncoder().encode(answer)))
            ?? rpcError(id: request.id, code: -32603, message: "Internal error")
    }

    private func rpcError(id: RPCRequest.ID, code: Int, message: String) -> [UInt8] {
        plan.record { $0.badRequests += 1 }
        var json = JSONWriter(capacity: 128)
        json.raw("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":")
        json.integer(code)
        json.raw(",\"message\":")
        json.string(message)
        json.raw("},\"id\":")
        writeID(id, to: &json)
        json.byte(UInt8(ascii: "}"))
        return json.bytes
    }

    private func writeID(_ id: RPCRequest.ID, to json: inout JSONWriter) {
        switch id {
        case .number(let number): json.integer(number)
        case .string(let text): json.string(text)
        }
    }

    private struct HeliusRequest: Decodable {
        var transactions: [String]
    }

    func answerHelius(request: Request, body: ByteBuffer) -> (HTTPResponse.Status, [UInt8]) {
        guard request.uri.queryParameters.get("api-key") == configuration.apiKey else {
            plan.record { $0.unauthorized += 1 }
            return (
                .unauthorized,
                Array(#"{"jsonrpc":"2.0","error":{"code":-32401,"message":"invalid api key provided"}}"#.utf8)
            )
        }
        guard let batch = try? JSONDecoder().decode(HeliusRequest.self, from: Data(buffer: body)) else {
            plan.record { $0.badRequests += 1 }
            return (.badRequest, Array(#"{"error":"invalid request body: expected {\"transactions\": [...]}"}"#.utf8))
        }
        guard batch.transactions.count <= Self.maxTransactionsPerRequest else {
            plan.record { $0.badRequests += 1 }
            return (
                .badRequest,
                Array(#"{"error":"too many transactions in request: at most 100 signatures are allowed"}"#.utf8)
            )
        }
        // Resolve every signature, then generate each wallet's transactions in one walk.
        var resolved: [(wallet: GeneratedWallet, index: Int)?] = []
        var ranges: [UInt32: ClosedRange<Int>] = [:]
        for signature in batch.transactions {
            if sample?.entry(signature) != nil {
                resolved.append(nil)
                continue
            }
            guard let decoded = SimulatedSignature.decode(signature, seed: configuration.seed),
                let wallet = generatedWallet(tag: decoded.tag), decoded.index < history.transactionCount
            else {
                resolved.append(nil)
                continue
            }
            resolved.append((wallet, decoded.index))
            let range = ranges[decoded.tag].map {
                min($0.lowerBound, decoded.index)...max($0.upperBound, decoded.index)
            }
            ranges[decoded.tag] = range ?? decoded.index...decoded.index
        }
        var transactions: [UInt32: [Int: GeneratedHistory.Transaction]] = [:]
        for (tag, range) in ranges where range.count <= 8 * GeneratedHistory.blockSize * history.checkpointInterval {
            let walked = history.transactions(range.lowerBound..<(range.upperBound + 1))
            transactions[tag] = Dictionary(walked.map { ($0.index, $0) }) { first, _ in first }
        }
        var json = JSONWriter(capacity: 6_000 * batch.transactions.count + 2)
        json.byte(UInt8(ascii: "["))
        var served = 0
        for (signature, target) in zip(batch.transactions, resolved) {
            if let target {
                let transaction =
                    transactions[target.wallet.tag]?[target.index]
                    ?? history.transactions(target.index..<(target.index + 1)).first
                guard let transaction else { continue }
                if served > 0 { json.byte(UInt8(ascii: ",")) }
                target.wallet.write(transaction, to: &json)
                served += 1
            } else if let entry = sample?.entry(signature) {
                if served > 0 { json.byte(UInt8(ascii: ",")) }
                json.bytes.append(contentsOf: entry.json)
                served += 1
            }
        }
        json.byte(UInt8(ascii: "]"))
        plan.record { [served] in $0.transactionsServed += served }
        return (.ok, json.bytes)
    }
}

extension UpstreamSimulator {
    /// Transactions `indices` of a generated wallet's history (oldest first), as a Helius
    /// webhook delivers them: a JSON array of enhanced transactions.
    public func webhookDelivery(wallet: String, indices: [Int]) -> [UInt8] {
        let generated = generatedWallet(wallet)
        var json = JSONWriter(capacity: 6_000 * indices.count + 2)
        json.byte(UInt8(ascii: "["))
        for (position, index) in indices.enumerated() {
            guard let transaction = history.transactions(index..<(index + 1)).first else { continue }
            if position > 0 { json.byte(UInt8(ascii: ",")) }
            generated.write(transaction, to: &json)
        }
        json.byte(UInt8(ascii: "]"))
        return json.bytes
    }

    /// The transactions of a generated wallet's history in `range` that hold trades (the
    /// others are spam transfers and failed transactions).
    public func tradeTransactions(wallet: String, in range: Range<Int>) -> [Int] {
        history.transactions(range).compactMap { transaction in
            if case .trades = transaction.kind { return transaction.index }
            return nil
        }
    }
}
