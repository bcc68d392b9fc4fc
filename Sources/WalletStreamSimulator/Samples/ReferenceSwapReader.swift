import Foundation
import WalletStreamCore

/// A minimal reading of one-trade SWAP transactions by the parser rules, used for the real
/// sample's ground truth and to cross-check generated transactions: the token leg is the
/// wallet's own token balance change; the SOL leg is the wallet's native balance change
/// without the fee and without every other SOL the wallet sent (tips, platform fees, rent).
enum ReferenceSwapReader {
    private struct Transaction: Decodable {
        var type: String
        var source: String
        var fee: Int64
        var signature: String
        var slot: UInt64
        var timestamp: Int64
        var nativeTransfers: [NativeTransfer]
        var accountData: [AccountData]
        var transactionError: TransactionError?
    }

    private struct NativeTransfer: Decodable {
        var fromUserAccount: String
        var toUserAccount: String
        var amount: Int64
    }

    private struct AccountData: Decodable {
        var account: String
        var nativeBalanceChange: Int64
        var tokenBalanceChanges: [TokenBalanceChange]
    }

    private struct TokenBalanceChange: Decodable {
        var userAccount: String
        var mint: String
        var rawTokenAmount: RawAmount
    }

    private struct RawAmount: Decodable {
        var tokenAmount: String
        var decimals: Int
    }

    private struct TransactionError: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    /// The trade of a successful one-token SWAP, or nil for anything else.
    static func trade(json: [UInt8], wallet: String) -> Trade? {
        guard let transaction = try? JSONDecoder().decode(Transaction.self, from: Data(json)),
            transaction.type == "SWAP", transaction.transactionError == nil
        else { return nil }
        let changes = transaction.accountData.flatMap(\.tokenBalanceChanges).filter {
            $0.userAccount == wallet && !Mint.isSOL($0.mint)
        }
        guard changes.count == 1, let change = changes.first, let raw = Int128(change.rawTokenAmount.tokenAmount),
            raw != 0, let token = Amount(baseUnits: raw < 0 ? -raw : raw, decimals: change.rawTokenAmount.decimals)
        else { return nil }
        let native = transaction.accountData.first { $0.account == wallet }?.nativeBalanceChange ?? 0
        let sent = transaction.nativeTransfers.filter { $0.fromUserAccount == wallet }.reduce(Int64(0)) {
            $0 + $1.amount
        }
        let lamports = raw < 0 ? native + transaction.fee + sent : -(native + transaction.fee) - sent
        guard lamports > 0, let sol = Amount(baseUnits: Int128(lamports), decimals: 9) else { return nil }
        let tokenLeg = TokenLeg(mint: change.mint, symbol: "", amount: token)
        let venue = UpstreamSimulator.venue(forHeliusSource: transaction.source)
        return Trade(
            signature: transaction.signature, slot: transaction.slot, blockTime: transaction.timestamp, leg: 0,
            venue: venue, side: raw < 0 ? .sell : .buy, sold: raw < 0 ? tokenLeg : .sol(sol),
            bought: raw < 0 ? .sol(sol) : tokenLeg, solAmount: sol,
            feeSOL: Amount(baseUnits: Int128(transaction.fee), decimals: 9))
    }
}
