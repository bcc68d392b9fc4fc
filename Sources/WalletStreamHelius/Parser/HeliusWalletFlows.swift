import WalletStreamCore

/// One wallet's view of an enhanced transaction: its net change per token, its SOL movements and
/// the accounts it traded with. Internal to ``HeliusSwapParser``.
struct HeliusWalletFlows {
    /// A movement between the wallet and another account: + into the wallet, − out of it.
    struct Flow {
        var counterparty: String
        /// Token units for token flows, lamports for SOL flows.
        var amount: Int128
    }

    /// Net change per non-SOL mint, zero nets dropped (intermediate hops disappear here).
    var tokenNets: [String: Amount] = [:]
    /// Per non-SOL mint, the wallet's transfers of it with other accounts, amounts as ``Amount/units``.
    var tokenFlows: [String: [Flow]] = [:]
    /// Per non-SOL mint, the accounts the wallet exchanged it with (pools, bonding curves).
    var counterparties: [String: Set<String>] = [:]
    /// wSOL transfers between the wallet and others, in lamports.
    var wrappedFlows: [Flow] = []
    /// Native transfers between the wallet and others, in lamports; wraps into and unwraps out of
    /// the wallet's own wSOL accounts excluded.
    var nativeFlows: [Flow] = []
    /// The flows that make the trade's SOL leg (see ``HeliusSwapParser``).
    var swapFlows: [Flow] = []
    /// The wallet's SOL change, native plus wrapped, fee included, in lamports.
    var walletSOLChange: Int128 = 0
    /// Change of the wallet's wSOL token balances (balance-change basis only), lamports.
    var wrappedBalanceChange: Int128 = 0
    /// Whether SOL moved between the wallet and its own wSOL accounts.
    var wrapsOrUnwraps = false
    var basis = TransactionSOLFlow.Basis.balanceChanges

    /// The trade's SOL leg: + received from the swap, − paid into it.
    var swapSOL: Int128 { swapFlows.reduce(0) { $0 + $1.amount } }

    /// Reads `transaction` for `wallet`; nil when an amount cannot be read exactly.
    init?(_ transaction: HeliusTransaction, wallet: String, feePaid: Int128) {
        let wrapped = Mint.wrappedSOL
        var ownWrappedAccounts = Set<String>()
        for transfer in transaction.tokenTransfers where transfer.mint == wrapped {
            if transfer.fromUserAccount == wallet { ownWrappedAccounts.insert(transfer.fromTokenAccount) }
            if transfer.toUserAccount == wallet { ownWrappedAccounts.insert(transfer.toTokenAccount) }
        }
        let accountData = transaction.accountData ?? []
        for data in accountData {
            for change in data.tokenBalanceChanges where change.userAccount == wallet && change.mint == wrapped {
                ownWrappedAccounts.insert(change.tokenAccount)
            }
        }
        ownWrappedAccounts.remove("")

        var transferNets: [String: Amount] = [:]
        for transfer in transaction.tokenTransfers {
            let fromWallet = transfer.fromUserAccount == wallet
            guard fromWallet != (transfer.toUserAccount == wallet) else { continue }
            guard let amount = transfer.tokenAmount else { return nil }
            let other = fromWallet ? transfer.toUserAccount : transfer.fromUserAccount
            let signed = fromWallet ? -amount : amount
            if transfer.mint == wrapped {
                // Amount keeps 12 digits; lamports are 9.
                guard signed.units % 1000 == 0 else { return nil }
                wrappedFlows.append(Flow(counterparty: other, amount: signed.units / 1000))
            } else {
                transferNets[transfer.mint, default: .zero] += signed
                tokenFlows[transfer.mint, default: []].append(Flow(counterparty: other, amount: signed.units))
                if !other.isEmpty { counterparties[transfer.mint, default: []].insert(other) }
            }
        }
        for transfer in transaction.nativeTransfers {
            let fromWallet = transfer.fromUserAccount == wallet
            guard fromWallet != (transfer.toUserAccount == wallet) else { continue }
            let other = fromWallet ? transfer.toUserAccount : transfer.fromUserAccount
            if ownWrappedAccounts.contains(other) {
                wrapsOrUnwraps = true
                continue
            }
            let lamports = Int128(transfer.amount)
            nativeFlows.append(Flow(counterparty: other, amount: fromWallet ? -lamports : lamports))
        }

        // The SOL leg: SOL exchanged with the accounts the wallet exchanged tokens with; when
        // none of the SOL went to or came from those (vault-based pools pay from a separate
        // vault), every wSOL transfer of the wallet. Other native transfers are tips, fees, rent.
        let allCounterparties = counterparties.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        let linked = (wrappedFlows + nativeFlows).filter { allCounterparties.contains($0.counterparty) }
        swapFlows = linked.isEmpty ? wrappedFlows : linked

        if accountData.isEmpty {
            basis = .transfers
            tokenNets = transferNets.filter { !$0.value.isZero }
            let moved = (wrappedFlows + nativeFlows).reduce(Int128(0)) { $0 + $1.amount }
            walletSOLChange = moved - feePaid
        } else {
            basis = .balanceChanges
            var raw: [String: (units: Int128, decimals: Int)] = [:]
            for data in accountData {
                if data.account == wallet { walletSOLChange += Int128(data.nativeBalanceChange) }
                for change in data.tokenBalanceChanges where change.userAccount == wallet {
                    guard let units = change.rawTokenAmount.baseUnits else { return nil }
                    let decimals = change.rawTokenAmount.decimals
                    if change.mint == wrapped {
                        guard decimals == 9 else { return nil }
                        wrappedBalanceChange += units
                        continue
                    }
                    if let previous = raw[change.mint] {
                        guard previous.decimals == decimals else { return nil }
                        raw[change.mint] = (previous.units + units, decimals)
                    } else {
                        raw[change.mint] = (units, decimals)
                    }
                }
            }
            walletSOLChange += wrappedBalanceChange
            for (mint, net) in raw where net.units != 0 {
                guard let amount = Amount(baseUnits: net.units, decimals: net.decimals) else { return nil }
                tokenNets[mint] = amount
            }
        }
    }
}
