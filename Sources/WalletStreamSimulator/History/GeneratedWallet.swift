import WalletStreamCore
import WalletStreamIngest
import WalletStreamWire

/// A wallet whose history is a ``GeneratedHistory`` rendered as Helius enhanced transactions
/// from this wallet's point of view. Different addresses share the trades but not the
/// signatures or accounts.
struct GeneratedWallet: Sendable {
    let address: String
    let tag: UInt32
    let history: GeneratedHistory

    init(address: String, history: GeneratedHistory) {
        self.address = address
        self.tag = SimulatedSignature.tag(of: address)
        self.history = history
    }

    var seed: UInt64 { history.seed }

    func signature(_ index: Int) -> String {
        SimulatedSignature.make(seed: seed, tag: tag, index: index)
    }

    /// The index of one of this wallet's signatures.
    func index(of signature: String) -> Int? {
        guard let decoded = SimulatedSignature.decode(signature, seed: seed), decoded.tag == tag,
            decoded.index < history.transactionCount
        else { return nil }
        return decoded.index
    }

    /// Indices for `getSignaturesForAddress`, newest first: below `before`, above `until`.
    func listing(before: String?, until: String?, limit: Int, visible: Int? = nil) -> [Int] {
        var upper = min(history.transactionCount, visible ?? .max)
        if let before {
            guard let index = index(of: before) else { return [] }
            upper = index
        }
        var lower = 0
        if let until, let index = index(of: until) { lower = index + 1 }
        guard lower < upper else { return [] }
        let count = min(limit, upper - lower)
        return Array(((upper - count)..<upper).reversed())
    }

    /// The ground truth: every trade a correct parser must recover, oldest first.
    func expectedTrades() -> [Trade] {
        var trades: [Trade] = []
        trades.reserveCapacity(history.tradeCount)
        let step = 4_096
        var lower = 0
        while lower < history.transactionCount {
            for transaction in history.transactions(lower..<(lower + step)) {
                guard case .trades(let group) = transaction.kind else { continue }
                var random = Self.random(seed: seed, index: transaction.index)
                let fee = Self.fee(&random)
                // On chain, legs have no order of their own: the parser numbers them by token mint.
                let ordered = group.sorted { $0.tokenLeg.mint.utf8.lexicographicallyPrecedes($1.tokenLeg.mint.utf8) }
                for (leg, trade) in ordered.enumerated() {
                    var expected = trade
                    expected.signature = signature(transaction.index)
                    expected.leg = leg
                    expected.usdValue = nil
                    expected.feeSOL = leg == 0 ? Amount(baseUnits: Int128(fee), decimals: 9) : nil
                    trades.append(expected)
                }
            }
            lower += step
        }
        return trades
    }

    // MARK: Rendering

    static func random(seed: UInt64, index: Int) -> SplitMix64 {
        SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15) ^ 0x7478_6E73)
    }

    /// The network fee: 5000 lamports base plus a priority fee; the first draw of a transaction.
    static func fee(_ random: inout SplitMix64) -> Int64 {
        5_000 + 5_000 * Int64(random.below(400))
    }

    /// A 32-byte base58 address derived from `parts`.
    static func derivedAddress(_ parts: String...) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for part in parts { hash = SimulatedSignature.fnv1a(part + "/", basis: hash) }
        var random = SplitMix64(seed: hash)
        var bytes = random.nextBytes(32)
        if bytes[0] == 0 { bytes[0] = 0x2A }
        return Base58.encode(bytes)
    }

    /// Writes one transaction as Helius enhanced-transaction JSON.
    func write(_ transaction: GeneratedHistory.Transaction, to json: inout JSONWriter) {
        var random = Self.random(seed: seed, index: transaction.index)
        let fee = Self.fee(&random)
        let signature = signature(transaction.index)
        switch transaction.kind {
        case .trades(let group):
            writeTrades(group, transaction: transaction, signature: signature, fee: fee, random: &random, to: &json)
        case .spam:
            writeSpam(transaction, signature: signature, fee: fee, random: &random, to: &json)
        case .failed:
            writeFailed(transaction, signature: signature, fee: fee, random: &random, to: &json)
        }
    }

    private func writeTrades(
        _ group: [Trade], transaction: GeneratedHistory.Transaction, signature: String, fee: Int64,
        random: inout SplitMix64, to json: inout JSONWriter
    ) {
        var builder = EnhancedTransactionBuilder()
        builder.changeNative(address, by: -fee)
        var solMoved: Int64 = 0
        let venue = group.first?.venue ?? "unknown"
        for trade in group {
            let tempWSOL = Self.derivedAddress("wsol-temp", address, String(transaction.index), String(trade.leg))
            switch trade.side {
            case .buy:
                let lamports = Self.raw(trade.sold.amount, decimals: 9)
                solMoved += Int64(truncatingIfNeeded: lamports)
                let rent = random.chance(0.25)
                buy(
                    mint: trade.bought.mint, tokenRaw: Self.raw(trade.bought.amount, decimals: 6), lamports: lamports,
                    venue: venue, tempWSOL: tempWSOL, rent: rent, builder: &builder)
            case .sell:
                let lamports = Self.raw(trade.bought.amount, decimals: 9)
                solMoved += Int64(truncatingIfNeeded: lamports)
                let pool = pool(mint: trade.sold.mint, venue: venue)
                let walletAccount = tokenAccount(mint: trade.sold.mint)
                builder.sendToken(
                    from: (walletAccount, address), to: (pool.tokenAccount, pool.authority), mint: trade.sold.mint,
                    decimals: 6, raw: Self.raw(trade.sold.amount, decimals: 6))
                builder.sendToken(
                    from: (pool.wsolAccount, pool.authority), to: (tempWSOL, address), mint: Mint.wrappedSOL,
                    decimals: 9, raw: lamports, toBalance: false)
                builder.changeNative(pool.wsolAccount, by: -Int64(truncatingIfNeeded: lamports))
                // Closing the temporary account unwraps the SOL to the wallet.
                builder.sendNative(from: tempWSOL, to: address, amount: Int64(truncatingIfNeeded: lamports))
                builder.changeNative(tempWSOL, by: Int64(truncatingIfNeeded: lamports))
            case .swap:
                let hop = random.chance(0.5)
                let soldRaw = Self.raw(trade.sold.amount, decimals: 6)
                let boughtRaw = Self.raw(trade.bought.amount, decimals: 6)
                let first = pool(mint: trade.sold.mint, venue: venue)
                let second = pool(mint: trade.bought.mint, venue: venue)
                builder.sendToken(
                    from: (tokenAccount(mint: trade.sold.mint), address), to: (first.tokenAccount, first.authority),
                    mint: trade.sold.mint, decimals: 6, raw: soldRaw)
                if hop {
                    // Through USDC: the wallet receives and passes on the same amount.
                    let usdc = max(1, Self.raw(trade.usdValue ?? Amount(1), decimals: 6))
                    let walletUSDC = tokenAccount(mint: Self.usdcMint)
                    builder.sendToken(
                        from: (first.usdcAccount, first.authority), to: (walletUSDC, address), mint: Self.usdcMint,
                        decimals: 6, raw: usdc)
                    builder.sendToken(
                        from: (walletUSDC, address), to: (second.usdcAccount, second.authority), mint: Self.usdcMint,
                        decimals: 6, raw: usdc)
                }
                builder.sendToken(
                    from: (second.tokenAccount, second.authority), to: (tokenAccount(mint: trade.bought.mint), address),
                    mint: trade.bought.mint, decimals: 6, raw: boughtRaw)
            }
        }
        if random.chance(0.4) {
            let tip = 100_000 * Int64(1 + random.below(120))
            builder.sendNative(
                from: address, to: Self.jitoTipAccounts[random.below(Self.jitoTipAccounts.count)], amount: tip)
        }
        if solMoved > 0, random.chance(0.35) {
            builder.sendNative(from: address, to: Self.platformFeeAccount, amount: max(1, solMoved / 100))
        }
        let header = EnhancedTransactionBuilder.Header(
            description: description(group.first), type: "SWAP",
            source: UpstreamSimulator.heliusSource(forVenue: venue),
            fee: fee, feePayer: address, signature: signature, slot: transaction.slot,
            timestamp: transaction.blockTime, transactionError: nil)
        builder.write(header, programs: programs(venue: venue), to: &json)
    }

    private func buy(
        mint: String, tokenRaw: Int128, lamports: Int128, venue: String, tempWSOL: String, rent: Bool,
        builder: inout EnhancedTransactionBuilder
    ) {
        let pool = pool(mint: mint, venue: venue)
        let walletAccount = tokenAccount(mint: mint)
        let sol = Int64(truncatingIfNeeded: lamports)
        // Wrap, as in the real sample: the SOL goes through a temporary wSOL account created
        // (with a seed) and closed in the same transaction, so no native transfer is listed.
        builder.changeNative(address, by: -sol)
        builder.sendToken(
            from: (tempWSOL, address), to: (pool.wsolAccount, pool.authority), mint: Mint.wrappedSOL, decimals: 9,
            raw: lamports, fromBalance: false)
        builder.changeNative(pool.wsolAccount, by: sol)
        if rent {
            // First buy of the token: the wallet pays rent for its new token account.
            builder.sendNative(from: address, to: walletAccount, amount: Self.tokenAccountRent)
        }
        builder.sendToken(
            from: (pool.tokenAccount, pool.authority), to: (walletAccount, address), mint: mint, decimals: 6,
            raw: tokenRaw)
    }

    private func writeSpam(
        _ transaction: GeneratedHistory.Transaction, signature: String, fee: Int64, random: inout SplitMix64,
        to json: inout JSONWriter
    ) {
        var builder = EnhancedTransactionBuilder()
        let spammer = Self.derivedAddress("spammer", String(seed), String(transaction.index % 7))
        builder.changeNative(spammer, by: -fee)
        let others = 3 + random.below(12)
        let description: String
        let source: String
        if random.chance(0.5) {
            // SOL dust to the wallet and a list of other addresses.
            builder.sendNative(from: spammer, to: address, amount: 1)
            for other in 0..<others {
                builder.sendNative(
                    from: spammer, to: Self.derivedAddress("dust", String(transaction.index), String(other)), amount: 1)
            }
            let total = EnhancedTransactionBuilder.decimalText(raw: Int128(fee + Int64(others) + 1), decimals: 9)
            description = "\(spammer) transferred a total \(total) SOL to multiple accounts."
            source = "SYSTEM_PROGRAM"
        } else {
            // Token dust of a scam mint, into a token account created for the wallet.
            let mint = Self.derivedAddress("spam-mint", String(seed), String(transaction.index / 97))
            let from = Self.derivedAddress("spam-account", spammer, mint)
            let raw = Int128(1 + random.below(999)) * 1_000
            builder.sendNative(from: spammer, to: tokenAccount(mint: mint), amount: Self.tokenAccountRent)
            builder.sendToken(
                from: (from, spammer), to: (tokenAccount(mint: mint), address), mint: mint, decimals: 6, raw: raw)
            for other in 0..<others {
                let user = Self.derivedAddress("dust", String(transaction.index), String(other))
                builder.sendToken(
                    from: (from, spammer), to: (Self.derivedAddress("spam-account", user, mint), user), mint: mint,
                    decimals: 6, raw: raw + Int128(other) * 1_000)
            }
            let amount = EnhancedTransactionBuilder.decimalText(raw: raw, decimals: 6)
            description = "\(spammer) transferred \(amount) $SCAM to \(address)."
            source = "SOLANA_PROGRAM_LIBRARY"
        }
        let header = EnhancedTransactionBuilder.Header(
            description: description, type: "TRANSFER", source: source, fee: fee, feePayer: spammer,
            signature: signature, slot: transaction.slot, timestamp: transaction.blockTime, transactionError: nil)
        builder.write(header, programs: [Self.systemProgram, Self.computeBudget], to: &json)
    }

    private func writeFailed(
        _ transaction: GeneratedHistory.Transaction, signature: String, fee: Int64, random: inout SplitMix64,
        to json: inout JSONWriter
    ) {
        // Deliberately complete-looking: the transfers of the buy that failed are present, so
        // only `transactionError` tells a parser to skip it.
        var builder = EnhancedTransactionBuilder()
        builder.changeNative(address, by: -fee)
        let venue = UpstreamSimulator.venues[random.below(UpstreamSimulator.venues.count)].venue
        let mint = Self.derivedAddress("failed-mint", String(seed), String(transaction.index))
        let lamports = Int128(1 + random.below(300)) * 10_000_000
        let tokenRaw = Int128(1 + random.below(1_000_000)) * 1_000_000
        buy(
            mint: mint, tokenRaw: tokenRaw, lamports: lamports, venue: venue,
            tempWSOL: Self.derivedAddress("wsol-temp", address, String(transaction.index), "0"), rent: false,
            builder: &builder)
        let header = EnhancedTransactionBuilder.Header(
            description: "", type: "SWAP", source: UpstreamSimulator.heliusSource(forVenue: venue), fee: fee,
            feePayer: address, signature: signature, slot: transaction.slot, timestamp: transaction.blockTime,
            transactionError: Self.transactionError)
        builder.write(header, programs: programs(venue: venue), to: &json)
    }

    private func description(_ trade: Trade?) -> String {
        guard let trade else { return "" }
        let sold = trade.sold.amount.description
        let bought = trade.bought.amount.description
        return "\(address) swapped \(sold) \(trade.sold.symbol) for \(bought) \(trade.bought.symbol)"
    }

    private func tokenAccount(mint: String) -> String {
        Self.derivedAddress("token-account", address, mint)
    }

    private func pool(mint: String, venue: String) -> (
        authority: String, tokenAccount: String, wsolAccount: String, usdcAccount: String
    ) {
        let authority = Self.derivedAddress("pool", venue, mint)
        return (
            authority, Self.derivedAddress("pool-token", authority), Self.derivedAddress("pool-wsol", authority),
            Self.derivedAddress("pool-usdc", authority)
        )
    }

    private func programs(venue: String) -> [String] {
        [
            Self.systemProgram, Self.computeBudget, Self.tokenProgram,
            UpstreamSimulator.venues.first { $0.venue == venue }?.program ?? Self.derivedAddress("program", venue),
            Mint.wrappedSOL,
        ]
    }

    /// `amount` in base units of a token with `decimals` (exact: demo amounts have ≤ 6 digits).
    static func raw(_ amount: Amount, decimals: Int) -> Int128 {
        var divisor: Int128 = 1
        for _ in 0..<(Amount.scale - decimals) { divisor *= 10 }
        return amount.units / divisor
    }

    static let usdcMint = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
    static let systemProgram = "11111111111111111111111111111111"
    static let computeBudget = "ComputeBudget111111111111111111111111111111"
    static let tokenProgram = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
    static let platformFeeAccount = "AVUCZyuT35YSuj4RH7fwiyPu82Djn2Hfg7y2ND2XcnZH"
    static let tokenAccountRent: Int64 = 2_039_280
    static let transactionError: StaticString = "{\"error\":\"custom program error: 0x1771\"}"
    static let jitoTipAccounts = [
        "96gYZGLnJYVFmbjzopPSU6QiEV5fGqZNyN9nmNhvrZU5", "HFqU5x63VTqvQss8hp11i4wVV8bD44PvwucfZ2bU7gRe",
        "Cw8CFyM9FkoMi7K7Crf6HNQqf4uEMzpKw6QNghXLvLkY", "ADaUMid9yfUytqMBgopwjb2DTLSokTSzL1zt6iGPaS49",
        "DfXygSm4jCyNCybVYYK6DwvWqjKee8pbDmJGcLWNDXjh", "ADuUkR4vqLUMWXxW9gh6D6L8pMSawimctcNZ5pGwDcEt",
        "DttWaMuVvTiduZRnguLF7jNxTgiMBZ1hyAumKUiL2KRL", "3AVi9Tg9Uo68tJfuvoKvqKNWKkC5wPdSSdeBnizKZ6jT",
    ]
}
