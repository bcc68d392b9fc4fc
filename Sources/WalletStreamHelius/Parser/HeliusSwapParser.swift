import WalletStreamCore

/// Reads a wallet's trades out of Helius enhanced transactions. Pure: no I/O.
///
/// A trade is read only from what the wallet itself gave and received, never from `events.swap`
/// (which can describe an intermediate hop) nor from "the largest transfer":
///
/// - **Tokens.** Each mint's changes are netted over the transaction. With `accountData`, from the
///   wallet's token balance changes (`userAccount` = the wallet; exact raw integers and decimals);
///   without it, from the wallet's `tokenTransfers` (sent negative, received positive). A mint the
///   wallet both sent and received in equal amounts (a USDC hop in a route) nets to zero and is
///   not a leg. wSOL is not a token: it is SOL.
/// - **The SOL leg** (``TransactionSOLFlow/swapSOL``, and ``Trade/solAmount``) is the SOL that
///   went into or came out of the swap: the wallet's wSOL and native transfers with the accounts
///   it exchanged tokens with (pools, bonding curves; hop mints included). If none of the SOL
///   moved with those accounts (vault-based pools), it is all of the wallet's wSOL transfers.
///   Native transfers to anyone else — tips, platform fees, token-account rent — and wSOL sent
///   to fee recipients are ``TransactionSOLFlow/other``, never part of the price.
/// - **Side.** Gave SOL, got a token: buy. Gave a token, got SOL: sell. Token for token: swap,
///   with `solAmount` nil.
/// - **Several legs.** One give and one receive make one trade. One give and several receives
///   (or several gives and one receive) make one trade per mint of the larger side, ordered by
///   mint (byte order), legs 0, 1, …; the single side's amount is split by counterparty: the
///   part each mint's counterparties paid or were paid. If that attribution does not account
///   for the whole amount, or both sides have several mints, the transaction is skipped as
///   ``ParsedTransaction/SkipReason/ambiguous``.
/// - **Fee.** ``Trade/feeSOL`` is the network fee on leg 0 when the wallet is the fee payer, nil
///   otherwise (so summing fees over trades counts each transaction once).
/// - **Symbols** are not in enhanced transactions: the `symbols` lookup's answer, else the first
///   6 characters of the mint; SOL is always `"SOL"`.
/// - **Venue** from `source` via ``HeliusVenue``.
/// - **Missing fields.** Without `accountData` the SOL flow is measured from transfers (basis
///   ``TransactionSOLFlow/Basis/transfers``), which cannot see rent of accounts opened or closed
///   without a listed transfer; a missing `slot` or `timestamp` becomes 0.
public struct HeliusSwapParser: Sendable {
    /// A mint → symbol lookup; nil or empty means unknown.
    public typealias SymbolLookup = @Sendable (String) -> String?

    /// The wallet whose trades are read.
    public let wallet: WalletAddress
    /// Largest SOL amount, in lamports, that counts as dust when the wallet only receives it in a
    /// transaction someone else paid for.
    public let dustLamports: Int64
    private let symbols: SymbolLookup

    /// A parser for `wallet`; `symbols` names mints (default: none known).
    public init(wallet: WalletAddress, dustLamports: Int64 = 100_000, symbols: @escaping SymbolLookup = { _ in nil }) {
        self.wallet = wallet
        self.dustLamports = dustLamports
        self.symbols = symbols
    }

    /// The symbol used for `mint`: `"SOL"` for SOL, the lookup's answer, else the mint's first 6 characters.
    public func symbol(for mint: String) -> String {
        if Mint.isSOL(mint) { return "SOL" }
        if let symbol = symbols(mint), !symbol.isEmpty { return symbol }
        return String(mint.prefix(6))
    }

    /// The wallet's trades in `transaction`, or the reason it has none, and its SOL flow.
    public func parse(_ transaction: HeliusTransaction) -> ParsedTransaction {
        let owner = wallet.rawValue
        let paidFee = transaction.feePayer == owner
        let fee = transaction.fee ?? 0
        let feePaid = Int128(paidFee ? fee : 0)
        func skipped(_ reason: ParsedTransaction.SkipReason, _ flow: TransactionSOLFlow?) -> ParsedTransaction {
            ParsedTransaction(signature: transaction.signature, trades: [], skipReason: reason, solFlow: flow)
        }
        guard let flows = HeliusWalletFlows(transaction, wallet: owner, feePaid: feePaid) else {
            return skipped(transaction.failed ? .failed : .unparseable, nil)
        }
        // A failed transaction swapped nothing: whatever moved is the fee (and "other").
        let swapSOL = transaction.failed ? 0 : flows.swapSOL
        guard let walletChange = Int64(exactly: flows.walletSOLChange), let swap = Int64(exactly: swapSOL),
            let other = Int64(exactly: flows.walletSOLChange - swapSOL + feePaid)
        else { return skipped(transaction.failed ? .failed : .unparseable, nil) }
        let solFlow = TransactionSOLFlow(
            signature: transaction.signature, walletSOLChange: walletChange, swapSOL: swap, fee: fee,
            walletPaidFee: paidFee, other: other, basis: flows.basis)

        if transaction.failed { return skipped(.failed, solFlow) }
        if flows.tokenNets.isEmpty {
            return skipped(solOnlyReason(flows, solFlow: solFlow), solFlow)
        }
        var gives: [(mint: String, amount: Amount)] = flows.tokenNets.filter { $0.value.isNegative }.map {
            ($0.key, -$0.value)
        }
        var receives: [(mint: String, amount: Amount)] = flows.tokenNets.filter { $0.value.isPositive }.map {
            ($0.key, $0.value)
        }
        if swap != 0 {
            guard let sol = Amount(baseUnits: Int128(swap.magnitude), decimals: 9) else {
                return skipped(.unparseable, solFlow)
            }
            if swap < 0 { gives.append((Mint.wrappedSOL, sol)) } else { receives.append((Mint.wrappedSOL, sol)) }
        }
        guard !gives.isEmpty, !receives.isEmpty else { return skipped(.transferOnly, solFlow) }
        guard let pairs = pair(gives: gives, receives: receives, flows: flows) else {
            return skipped(.ambiguous, solFlow)
        }
        let trades = pairs.enumerated().map { index, pair in
            trade(
                transaction, leg: index, sold: pair.sold, bought: pair.bought,
                feeSOL: index == 0 && paidFee ? Amount(baseUnits: Int128(fee), decimals: 9) : nil)
        }
        return ParsedTransaction(signature: transaction.signature, trades: trades, skipReason: nil, solFlow: solFlow)
    }

    /// Why a transaction that changed no token of the wallet is not a trade.
    private func solOnlyReason(_ flows: HeliusWalletFlows, solFlow: TransactionSOLFlow) -> ParsedTransaction.SkipReason
    {
        if flows.swapSOL == 0, flows.wrapsOrUnwraps || flows.wrappedBalanceChange != 0 { return .wrapUnwrap }
        let sent = (flows.wrappedFlows + flows.nativeFlows).contains { $0.amount < 0 }
        if !solFlow.walletPaidFee, !sent, solFlow.walletSOLChange > 0, solFlow.walletSOLChange <= dustLamports {
            return .dust
        }
        let moved =
            solFlow.walletSOLChange + solFlow.feePaid != 0 || !flows.wrappedFlows.isEmpty
            || !flows.nativeFlows.isEmpty
        return moved ? .solOnly : .noTrade
    }

    private func trade(
        _ transaction: HeliusTransaction, leg: Int, sold: (mint: String, amount: Amount),
        bought: (mint: String, amount: Amount), feeSOL: Amount?
    ) -> Trade {
        let soldLeg =
            Mint.isSOL(sold.mint)
            ? TokenLeg.sol(sold.amount) : TokenLeg(mint: sold.mint, symbol: symbol(for: sold.mint), amount: sold.amount)
        let boughtLeg =
            Mint.isSOL(bought.mint)
            ? TokenLeg.sol(bought.amount)
            : TokenLeg(mint: bought.mint, symbol: symbol(for: bought.mint), amount: bought.amount)
        let side: TradeSide = soldLeg.isSOL ? .buy : boughtLeg.isSOL ? .sell : .swap
        return Trade(
            signature: transaction.signature, slot: transaction.slot ?? 0, blockTime: transaction.timestamp ?? 0,
            leg: leg, venue: HeliusVenue.name(for: transaction.source), side: side, sold: soldLeg,
            bought: boughtLeg, solAmount: side == .buy ? sold.amount : side == .sell ? bought.amount : nil,
            usdValue: nil, feeSOL: feeSOL)
    }
}
