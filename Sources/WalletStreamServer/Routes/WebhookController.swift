import Crypto
import Foundation
import Hummingbird
import Logging
import WalletStreamCore
import WalletStreamHelius
import WalletStreamStore
import WalletStreamUpstream

/// `POST /v4/webhooks/helius`: Helius enhanced-transaction webhook deliveries (a JSON array of
/// the transactions the sync parses). The shared secret in `Authorization` is checked before
/// the body is read; an oversized body is a 413 and one that is not such an array a 400, and
/// neither stores anything. Each transaction is parsed for its fee payer and for every wallet
/// the store already knows among its accounts.
struct WebhookController: Sendable {
    let store: any TradeStore
    let hub: FollowHub
    let sync: SyncCoordinator?
    let secret: String
    let maxBodyBytes: Int

    /// What a delivery did: the response body.
    struct Receipt: Codable, Sendable {
        var transactions: Int
        var tradesStored: Int
        var alreadyPresent: Int
        var wallets: [String]

        enum CodingKeys: String, CodingKey {
            case transactions, wallets
            case tradesStored = "trades_stored"
            case alreadyPresent = "already_present"
        }
    }

    func handle(_ request: Request, context: WalletStreamRequestContext) async throws -> Response {
        guard let presented = request.headers[.authorization], Self.matches(presented, secret) else {
            throw WalletStreamError(code: .unauthorized, message: "the webhook secret is missing or wrong")
        }
        let body = try await request.jsonBody(maxBytes: maxBodyBytes)
        let transactions: [HeliusTransaction]
        do {
            transactions = try JSONDecoder().decode([HeliusTransaction].self, from: Data(buffer: body))
        } catch {
            throw WalletStreamError(
                code: .invalidInput, message: "the body is not a JSON array of Helius enhanced transactions")
        }
        var byWallet: [WalletAddress: [Trade]] = [:]
        var known: [String: Bool] = [:]
        for transaction in transactions {
            for wallet in try await wallets(of: transaction, known: &known) {
                let trades = HeliusSwapParser(wallet: wallet).parse(transaction).trades
                if !trades.isEmpty { byWallet[wallet, default: []] += trades }
            }
        }
        var receipt = Receipt(transactions: transactions.count, tradesStored: 0, alreadyPresent: 0, wallets: [])
        for (wallet, trades) in byWallet.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let prepared = try await sync?.prepareDelivered(trades) ?? trades
            let counts = try await hub.storeDelivered(prepared, wallet: wallet)
            receipt.tradesStored += counts.inserted
            receipt.alreadyPresent += counts.alreadyPresent
            receipt.wallets.append(wallet.rawValue)
        }
        context.logger.debug(
            "webhook delivery stored",
            metadata: [
                "transactions": "\(receipt.transactions)", "trades": "\(receipt.tradesStored)",
                "wallets": "\(receipt.wallets.count)",
            ])
        return Response(
            status: .ok, headers: WalletController.json,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try receipt.jsonBytes())))
    }

    /// The wallets a transaction is parsed for: its fee payer (the signer of a swap), and the
    /// wallets the store already holds among its other accounts.
    private func wallets(of transaction: HeliusTransaction, known: inout [String: Bool]) async throws
        -> [WalletAddress]
    {
        var accounts = Set(transaction.tokenTransfers.flatMap { [$0.fromUserAccount, $0.toUserAccount] })
        accounts.formUnion(transaction.nativeTransfers.flatMap { [$0.fromUserAccount, $0.toUserAccount] })
        accounts.formUnion((transaction.accountData ?? []).map(\.account))
        var wallets: [WalletAddress] = []
        if let payer = transaction.feePayer.flatMap({ try? WalletAddress(validating: $0) }) { wallets.append(payer) }
        for account in accounts.sorted() where account != transaction.feePayer {
            guard let wallet = try? WalletAddress(validating: account) else { continue }
            if known[account] == nil { known[account] = try await store.lookup(wallet: wallet) != nil }
            if known[account] == true { wallets.append(wallet) }
        }
        return wallets
    }

    /// Compares in time independent of where the two differ: both sides are hashed first, so
    /// neither their lengths nor a common prefix shows in the timing.
    static func matches(_ presented: String, _ secret: String) -> Bool {
        let lhs = SHA256.hash(data: Data(presented.utf8))
        let rhs = SHA256.hash(data: Data(secret.utf8))
        return zip(lhs, rhs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
