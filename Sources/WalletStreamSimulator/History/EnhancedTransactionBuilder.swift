import WalletStreamCore
import WalletStreamWire

/// Collects the transfers and balance changes of one enhanced transaction and writes it as
/// Helius JSON (same key order as the real sample).
struct EnhancedTransactionBuilder {
    struct TokenTransfer {
        var fromTokenAccount: String
        var toTokenAccount: String
        var fromUserAccount: String
        var toUserAccount: String
        var raw: Int128
        var decimals: Int
        var mint: String
    }

    struct NativeTransfer {
        var from: String
        var to: String
        var amount: Int64
    }

    struct TokenChange {
        var userAccount: String
        var mint: String
        var decimals: Int
        var raw: Int128
    }

    struct AccountEntry {
        var account: String
        var native: Int64 = 0
        var tokens: [TokenChange] = []
    }

    var tokenTransfers: [TokenTransfer] = []
    var nativeTransfers: [NativeTransfer] = []
    private var accounts: [AccountEntry] = []
    private var accountIndex: [String: Int] = [:]

    /// Makes sure `account` is listed in `accountData`, in first-touch order.
    mutating func touch(_ account: String) {
        if accountIndex[account] == nil {
            accountIndex[account] = accounts.count
            accounts.append(AccountEntry(account: account))
        }
    }

    mutating func changeNative(_ account: String, by lamports: Int64) {
        touch(account)
        if let index = accountIndex[account] { accounts[index].native += lamports }
    }

    /// Adds `raw` to the token balance of `account` (owned by `user`); entries netting to
    /// zero are left out when written.
    mutating func changeToken(_ account: String, user: String, mint: String, decimals: Int, by raw: Int128) {
        touch(account)
        guard let index = accountIndex[account] else { return }
        if let existing = accounts[index].tokens.firstIndex(where: { $0.mint == mint }) {
            accounts[index].tokens[existing].raw += raw
        } else {
            accounts[index].tokens.append(TokenChange(userAccount: user, mint: mint, decimals: decimals, raw: raw))
        }
    }

    /// A native transfer, with both balance changes.
    mutating func sendNative(from: String, to: String, amount: Int64) {
        nativeTransfers.append(NativeTransfer(from: from, to: to, amount: amount))
        changeNative(from, by: -amount)
        changeNative(to, by: amount)
    }

    /// A token transfer between two token accounts, with both balance changes (unless
    /// `balances` is false, for accounts created and closed inside the transaction).
    mutating func sendToken(
        from: (account: String, user: String), to: (account: String, user: String), mint: String, decimals: Int,
        raw: Int128, fromBalance: Bool = true, toBalance: Bool = true
    ) {
        tokenTransfers.append(
            TokenTransfer(
                fromTokenAccount: from.account, toTokenAccount: to.account, fromUserAccount: from.user,
                toUserAccount: to.user, raw: raw, decimals: decimals, mint: mint))
        if fromBalance {
            changeToken(from.account, user: from.user, mint: mint, decimals: decimals, by: -raw)
        } else {
            touch(from.account)
        }
        if toBalance {
            changeToken(to.account, user: to.user, mint: mint, decimals: decimals, by: raw)
        } else {
            touch(to.account)
        }
    }

    struct Header {
        var description: String
        var type: String
        var source: String
        var fee: Int64
        var feePayer: String
        var signature: String
        var slot: UInt64
        var timestamp: Int64
        /// Raw JSON of `transactionError`, or nil for `null`.
        var transactionError: StaticString?
    }

    /// Writes the transaction as one JSON object.
    func write(_ header: Header, programs: [String], to json: inout JSONWriter) {
        json.raw("{\"description\":")
        json.string(header.description)
        json.raw(",\"type\":")
        json.string(header.type)
        json.raw(",\"source\":")
        json.string(header.source)
        json.raw(",\"fee\":")
        json.integer(header.fee)
        json.raw(",\"feePayer\":")
        json.string(header.feePayer)
        json.raw(",\"signature\":")
        json.string(header.signature)
        json.raw(",\"slot\":")
        json.integer(header.slot)
        json.raw(",\"timestamp\":")
        json.integer(header.timestamp)
        json.raw(",\"tokenTransfers\":[")
        for (offset, transfer) in tokenTransfers.enumerated() {
            if offset > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"fromTokenAccount\":")
            json.string(transfer.fromTokenAccount)
            json.raw(",\"toTokenAccount\":")
            json.string(transfer.toTokenAccount)
            json.raw(",\"fromUserAccount\":")
            json.string(transfer.fromUserAccount)
            json.raw(",\"toUserAccount\":")
            json.string(transfer.toUserAccount)
            json.raw(",\"tokenAmount\":")
            Self.writeDecimal(raw: transfer.raw, decimals: transfer.decimals, to: &json)
            json.raw(",\"mint\":")
            json.string(transfer.mint)
            json.raw(",\"tokenStandard\":\"Fungible\"}")
        }
        json.raw("],\"nativeTransfers\":[")
        for (offset, transfer) in nativeTransfers.enumerated() {
            if offset > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"fromUserAccount\":")
            json.string(transfer.from)
            json.raw(",\"toUserAccount\":")
            json.string(transfer.to)
            json.raw(",\"amount\":")
            json.integer(transfer.amount)
            json.byte(UInt8(ascii: "}"))
        }
        json.raw("],\"accountData\":[")
        var entries = accounts
        for program in programs where accountIndex[program] == nil { entries.append(AccountEntry(account: program)) }
        for (offset, entry) in entries.enumerated() {
            if offset > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"account\":")
            json.string(entry.account)
            json.raw(",\"nativeBalanceChange\":")
            json.integer(entry.native)
            json.raw(",\"tokenBalanceChanges\":[")
            var first = true
            for change in entry.tokens where change.raw != 0 {
                if !first { json.byte(UInt8(ascii: ",")) }
                first = false
                json.raw("{\"userAccount\":")
                json.string(change.userAccount)
                json.raw(",\"tokenAccount\":")
                json.string(entry.account)
                json.raw(",\"rawTokenAmount\":{\"tokenAmount\":\"")
                json.integer(change.raw)
                json.raw("\",\"decimals\":")
                json.integer(change.decimals)
                json.raw("},\"mint\":")
                json.string(change.mint)
                json.byte(UInt8(ascii: "}"))
            }
            json.raw("]}")
        }
        json.raw("],\"transactionError\":")
        if let error = header.transactionError {
            json.raw(error)
        } else {
            json.raw("null")
        }
        json.raw(",\"instructions\":[],\"events\":{}}")
    }

    /// `raw / 10^decimals` as a JSON number, shortest exact form (`1.98`, `1986656.546333`).
    static func writeDecimal(raw: Int128, decimals: Int, to json: inout JSONWriter) {
        if let amount = Amount(baseUnits: raw, decimals: decimals) {
            amount.appendText(to: &json.bytes)
        } else {
            json.integer(raw)
        }
    }

    /// The same number as text, for descriptions.
    static func decimalText(raw: Int128, decimals: Int) -> String {
        Amount(baseUnits: raw, decimals: decimals)?.description ?? String(raw)
    }
}
