import WalletStreamCore

/// A deterministic stream of realistic memecoin trades for one demo wallet.
///
/// The same seed always gives the same wallet and the same trades, oldest first in the total
/// order: every transaction lands in a later slot with a later block time than the one before,
/// and a few transactions carry two trades (legs 0 and 1, same signature and slot).
///
/// What it looks like: a rotating pool of a few hundred tokens (new ones launch, old ones are
/// dropped), buys of 0.01–5 SOL, partial and full exits, occasional oversells (selling more
/// than the wallet bought, as happens when tokens arrive by transfer), about 0.5 % token↔token
/// swaps, USD values at a SOL price drifting between $120 and $200, and real venue names.
///
/// Memory does not grow with `count`: the iterator keeps only the token pool, so ten million
/// trades stream as easily as ten.
public struct DemoTradeGenerator: Sequence, Sendable {
    public let seed: UInt64
    /// Number of trades (not transactions) produced.
    public let count: Int
    /// The demo wallet, derived from `seed`.
    public let wallet: WalletAddress
    public let startSlot: UInt64
    public let startTime: Int64

    /// A generator of `count` trades; by default starting at slot 330,000,000 on 2025-04-01.
    public init(seed: UInt64, count: Int, startSlot: UInt64 = 330_000_000, startTime: Int64 = 1_743_465_600) {
        self.seed = seed
        self.count = Swift.max(count, 0)
        self.wallet = Self.wallet(seed: seed)
        self.startSlot = startSlot
        self.startTime = startTime
    }

    /// The wallet address for `seed`: 32 bytes from the seed, base58-encoded.
    public static func wallet(seed: UInt64) -> WalletAddress {
        // A distinct stream from the trades', so the address does not depend on trade draws.
        var random = SplitMix64(seed: seed ^ 0x5741_4C4C_4554_5354)
        while true {
            let bytes = random.nextBytes(32)
            // Any 32 bytes encode to a valid address; looping instead of trapping keeps that
            // an assumption we never have to force.
            if let address = try? WalletAddress(validating: Base58.encode(bytes)) { return address }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(seed: seed, count: count, startSlot: startSlot, startTime: startTime)
    }

    /// Produces the trades one at a time.
    public struct Iterator: IteratorProtocol, Sendable {
        /// Most tokens held in the pool at once; beyond it the oldest-looking are dropped.
        static let poolCapacity = 300
        /// Cap on one holding (10^12 tokens), far above any realistic bag, so sums never overflow.
        static let maxHolding: Int64 = 1_000_000_000_000_000_000
        static let venues: [(name: String, weight: Int)] = [
            ("Meteora", 34), ("PumpSwap", 22), ("PumpFun", 14), ("Raydium", 12), ("Jupiter", 8),
            ("Photon", 3), ("Orca Whirlpools", 2), ("OKX", 2), ("BoopFun", 1), ("Jupiter DCA", 1), ("unknown", 1),
        ]
        static let venueWeightTotal = venues.reduce(0) { $0 + $1.weight }

        private var random: SplitMix64
        private var remaining: Int
        private var slot: UInt64
        private var time: Int64
        private var solPriceUSD = 150.0
        private var pool: [DemoToken] = []
        /// Second leg of the current transaction, handed out by the next call.
        private var pendingLeg: Trade?

        init(seed: UInt64, count: Int, startSlot: UInt64, startTime: Int64) {
            random = SplitMix64(seed: seed)
            remaining = count
            slot = startSlot
            time = startTime
            pool.reserveCapacity(Self.poolCapacity + 1)
        }

        public mutating func next() -> Trade? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            if let pending = pendingLeg {
                pendingLeg = nil
                return pending
            }
            advanceClock()
            let signature = makeSignature()
            let venue = pickVenue()
            let first = makeTrade(signature: signature, leg: 0, venue: venue)
            // About 3 % of transactions route two trades: a bundle buying, or selling, two different
            // tokens. Same side and different tokens keep the two legs distinguishable on chain.
            if remaining > 0, random.chance(0.03) {
                pendingLeg = makeSecondLeg(after: first, signature: signature, venue: venue)
            }
            return first
        }

        /// Moves to a later slot (Solana makes ~2.5 slots a second) and drifts the SOL price.
        private mutating func advanceClock() {
            // Bursts of activity alternate with pauses of up to a few hours.
            let gap: UInt64 = random.chance(0.9) ? UInt64(1 + random.below(150)) : UInt64(150 + random.below(30_000))
            slot += gap
            time += Swift.max(1, Int64(gap) * 2 / 5)
            solPriceUSD += random.uniform(-0.6...0.6)
            // Reflect at the band's edges so the walk stays in a believable range.
            if solPriceUSD < 120 { solPriceUSD = 240 - solPriceUSD }
            if solPriceUSD > 200 { solPriceUSD = 400 - solPriceUSD }
        }

        private mutating func makeTrade(signature: String, leg: Int, venue: String) -> Trade {
            let roll = random.unit()
            if roll < 0.45, let held = pickHeldToken() {
                if roll < 0.005 { return swap(from: held, signature: signature, leg: leg, venue: venue) }
                return sell(held, signature: signature, leg: leg, venue: venue)
            }
            return buy(pickTokenToBuy(), signature: signature, leg: leg, venue: venue)
        }

        private mutating func makeSecondLeg(after first: Trade, signature: String, venue: String) -> Trade? {
            switch first.side {
            case .buy:
                var index = pickTokenToBuy()
                if pool[index].mint == first.bought.mint { index = appendNewToken() }
                return buy(index, signature: signature, leg: 1, venue: venue)
            case .sell:
                guard let index = pickHeldToken(), pool[index].mint != first.sold.mint else { return nil }
                return sell(index, signature: signature, leg: 1, venue: venue)
            case .swap:
                return nil
            }
        }

        /// A random token the wallet holds, or nil when a few draws find none. Sampling keeps
        /// each trade O(1) instead of scanning the pool.
        private mutating func pickHeldToken() -> Int? {
            guard !pool.isEmpty else { return nil }
            for _ in 0..<8 {
                let index = random.below(pool.count)
                if pool[index].heldMicros > 0 { return index }
            }
            return nil
        }

        private mutating func buy(_ index: Int, signature: String, leg: Int, venue: String) -> Trade {
            pool[index].drift(using: &random)
            // Skewed towards small buys: most are well under 1 SOL, a few reach 5.
            let u = random.unit()
            let solMicros = Self.micros(0.01 + 4.99 * u * u * u)
            let tokenMicros = Swift.max(1, Self.micros(Double(solMicros) / 1e6 / pool[index].priceSOL))
            pool[index].heldMicros = Swift.min(pool[index].heldMicros + tokenMicros, Self.maxHolding)
            let token = pool[index]
            return Trade(
                signature: signature, slot: slot, blockTime: time, leg: leg, venue: venue, side: .buy,
                sold: .sol(Self.amount(micros: solMicros)),
                bought: TokenLeg(mint: token.mint, symbol: token.symbol, amount: Self.amount(micros: tokenMicros)),
                solAmount: Self.amount(micros: solMicros), usdValue: usdValue(solMicros: solMicros),
                usdSource: .generated)
        }

        private mutating func sell(_ index: Int, signature: String, leg: Int, venue: String) -> Trade {
            pool[index].drift(using: &random)
            let held = pool[index].heldMicros
            let sold: Int64
            let exit = random.unit()
            if exit < 0.02 {
                // Oversell: more than the ledger shows as held.
                sold = held + Swift.max(1, Int64(Double(held) * random.uniform(0.05...0.5)))
            } else if exit < 0.35 {
                sold = held
            } else {
                sold = Swift.max(1, Int64(Double(held) * random.uniform(0.1...0.9)))
            }
            pool[index].heldMicros = Swift.max(0, held - sold)
            let token = pool[index]
            let solMicros = Swift.max(1, Self.micros(Double(sold) / 1e6 * token.priceSOL))
            if token.heldMicros == 0, random.chance(0.5) { retire(index) }
            return Trade(
                signature: signature, slot: slot, blockTime: time, leg: leg, venue: venue, side: .sell,
                sold: TokenLeg(mint: token.mint, symbol: token.symbol, amount: Self.amount(micros: sold)),
                bought: .sol(Self.amount(micros: solMicros)),
                solAmount: Self.amount(micros: solMicros), usdValue: usdValue(solMicros: solMicros),
                usdSource: .generated)
        }

        private mutating func swap(from index: Int, signature: String, leg: Int, venue: String) -> Trade {
            let held = pool[index].heldMicros
            let gaveMicros = Swift.max(1, Int64(Double(held) * random.uniform(0.2...1.0)))
            pool[index].heldMicros = held - gaveMicros
            let gave = pool[index]
            let valueSOL = Double(gaveMicros) / 1e6 * gave.priceSOL
            var target = pickTokenToBuy()
            if pool[target].mint == gave.mint { target = appendNewToken() }
            pool[target].drift(using: &random)
            let gotMicros = Swift.max(1, Self.micros(valueSOL / pool[target].priceSOL))
            pool[target].heldMicros = Swift.min(pool[target].heldMicros + gotMicros, Self.maxHolding)
            let got = pool[target]
            return Trade(
                signature: signature, slot: slot, blockTime: time, leg: leg, venue: venue, side: .swap,
                sold: TokenLeg(mint: gave.mint, symbol: gave.symbol, amount: Self.amount(micros: gaveMicros)),
                bought: TokenLeg(mint: got.mint, symbol: got.symbol, amount: Self.amount(micros: gotMicros)),
                solAmount: nil, usdValue: usdValue(solMicros: Swift.max(1, Self.micros(valueSOL))),
                usdSource: .generated)
        }

        /// A new token one time in three (or while the pool is small), else one already traded.
        private mutating func pickTokenToBuy() -> Int {
            if pool.count < 20 || random.chance(0.33) { return appendNewToken() }
            return random.below(pool.count)
        }

        private mutating func appendNewToken() -> Int {
            if pool.count >= Self.poolCapacity { retire(random.below(pool.count)) }
            pool.append(DemoToken.launch(using: &random))
            return pool.count - 1
        }

        /// Drops a token from the pool (a forgotten bag or a closed position).
        private mutating func retire(_ index: Int) {
            pool.swapAt(index, pool.count - 1)
            pool.removeLast()
        }

        private mutating func pickVenue() -> String {
            var ticket = random.below(Self.venueWeightTotal)
            for venue in Self.venues {
                if ticket < venue.weight { return venue.name }
                ticket -= venue.weight
            }
            return "Meteora"
        }

        /// An 87- or 88-character base58 signature straight from the generator; encoding 64
        /// random bytes would cost far more and look the same.
        private mutating func makeSignature() -> String {
            let length = random.chance(0.9) ? 88 : 87
            let alphabet = Base58.alphabet
            return String(unsafeUninitializedCapacity: length) { buffer in
                var word = random.next()
                var left = 10
                for index in 0..<length {
                    if left == 0 {
                        word = random.next()
                        left = 10
                    }
                    // '1' only encodes leading zero bytes, so a signature never starts with it.
                    let digit = index == 0 ? 1 + Int(word % 57) : Int(word % 58)
                    buffer[index] = alphabet[digit]
                    word /= 58
                    left -= 1
                }
                return length
            }
        }

        private func usdValue(solMicros: Int64) -> Amount {
            Self.amount(micros: Self.micros(Double(solMicros) / 1e6 * solPriceUSD))
        }

        /// Rounds a generated quantity to whole millionths, the precision demo amounts carry.
        static func micros(_ value: Double) -> Int64 {
            // Clamped so that no extreme draw can trap the conversion or overflow a holding.
            let scaled = (value * 1e6).rounded()
            guard scaled.isFinite else { return 0 }
            return Int64(Swift.min(Swift.max(scaled, 0), 1e16))
        }

        static func amount(micros: Int64) -> Amount {
            Amount(units: Int128(micros) * 1_000_000)
        }
    }
}
