/// Where the wallet's SOL went in one transaction, in lamports.
///
/// Always balanced: `walletSOLChange == swapSOL - feePaid + other`.
///
/// - ``swapSOL`` is the SOL leg of the trade itself (what went into or came out of the pools).
/// - ``feePaid`` is the network fee when the wallet paid it.
/// - ``other`` is everything else, signed: tips, platform and protocol fees, rent of token
///   accounts (negative), rent refunds from closed accounts (positive). It is the remainder of
///   the measured change, so nothing is lost, and it is never folded into a trade's price.
public struct TransactionSOLFlow: Sendable, Hashable, Codable {
    /// How ``walletSOLChange`` was measured.
    public enum Basis: String, Sendable, Hashable, Codable {
        /// From `accountData`: the wallet's native balance change plus its wSOL balance changes.
        case balanceChanges = "balance_changes"
        /// From transfers only (no `accountData`): cannot see rent of accounts created or closed
        /// without a listed transfer, nor a fee that is not given.
        case transfers
    }

    public var signature: String
    /// Change of the wallet's SOL, native plus wrapped, fee included. + received, − paid.
    public var walletSOLChange: Int64
    /// The trade's SOL leg: + received from the swap, − paid into it.
    public var swapSOL: Int64
    /// The transaction's network fee (0 when unknown).
    public var fee: Int64
    /// Whether the wallet was the fee payer.
    public var walletPaidFee: Bool
    /// Every other SOL movement of the wallet, signed (usually negative).
    public var other: Int64
    public var basis: Basis

    public init(
        signature: String, walletSOLChange: Int64, swapSOL: Int64, fee: Int64, walletPaidFee: Bool, other: Int64,
        basis: Basis
    ) {
        self.signature = signature
        self.walletSOLChange = walletSOLChange
        self.swapSOL = swapSOL
        self.fee = fee
        self.walletPaidFee = walletPaidFee
        self.other = other
        self.basis = basis
    }

    /// The fee charged to the wallet: ``fee`` when it paid, else 0.
    public var feePaid: Int64 { walletPaidFee ? fee : 0 }

    /// Whether `walletSOLChange == swapSOL - feePaid + other` (overflow counts as unbalanced).
    public var isBalanced: Bool {
        let (partial, o1) = swapSOL.subtractingReportingOverflow(feePaid)
        let (total, o2) = partial.addingReportingOverflow(other)
        return !o1 && !o2 && total == walletSOLChange
    }
}
