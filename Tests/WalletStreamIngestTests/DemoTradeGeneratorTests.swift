import Testing
import WalletStreamCore
import WalletStreamIngest

@Suite struct DemoTradeGeneratorTests {
    @Test func sameSeedGivesIdenticalTradesAndWallet() {
        let first = Array(DemoTradeGenerator(seed: 42, count: 3_000))
        let second = Array(DemoTradeGenerator(seed: 42, count: 3_000))
        #expect(first.count == 3_000)
        #expect(first == second)
        #expect(DemoTradeGenerator(seed: 42, count: 0).wallet == DemoTradeGenerator(seed: 42, count: 5).wallet)
        // A shorter run is a prefix of a longer one.
        #expect(Array(DemoTradeGenerator(seed: 42, count: 500)) == Array(first.prefix(500)))
    }

    @Test func differentSeedsDiffer() {
        let a = DemoTradeGenerator(seed: 1, count: 50)
        let b = DemoTradeGenerator(seed: 2, count: 50)
        #expect(a.wallet != b.wallet)
        #expect(Array(a) != Array(b))
    }

    @Test func tradesAreInStrictTotalOrder() {
        var previous: Trade?
        var twoLegTransactions = 0
        for trade in DemoTradeGenerator(seed: 7, count: 20_000) {
            if let previous {
                #expect(previous.orderKey < trade.orderKey)
                if trade.signature == previous.signature {
                    twoLegTransactions += 1
                    #expect(trade.slot == previous.slot && trade.blockTime == previous.blockTime)
                    #expect(previous.leg == 0 && trade.leg == 1)
                } else {
                    #expect(trade.slot > previous.slot && trade.blockTime > previous.blockTime)
                    #expect(trade.leg == 0)
                }
            }
            previous = trade
        }
        #expect(twoLegTransactions > 100)
    }

    @Test func realisticMixOfSidesAmountsAndOversells() throws {
        var sides: [TradeSide: Int] = [:]
        var held: [String: Amount] = [:]
        var oversells = 0
        var partialExits = 0
        var mints = Set<String>()
        var signatures = Set<String>()
        let minimum = try #require(Amount("0.01"))
        let maximum = try #require(Amount("5"))
        let count = 50_000
        for trade in DemoTradeGenerator(seed: 2025, count: count) {
            sides[trade.side, default: 0] += 1
            signatures.insert(trade.signature)
            #expect(trade.sold.amount.isPositive && trade.bought.amount.isPositive)
            #expect((87...88).contains(trade.signature.utf8.count))
            #expect(trade.signature.utf8.allSatisfy(Base58.isAlphabet))
            #expect(trade.usdValue != nil)
            // At most 6 decimals on every amount.
            #expect(trade.sold.amount.units % 1_000_000 == 0 && trade.bought.amount.units % 1_000_000 == 0)
            switch trade.side {
            case .buy:
                let sol = try #require(trade.solAmount)
                #expect(sol >= minimum && sol <= maximum)
                #expect(trade.sold == .sol(sol))
                held[trade.bought.mint, default: .zero] += trade.bought.amount
            case .sell:
                #expect(trade.bought.isSOL && trade.solAmount == trade.bought.amount)
                let before = held[trade.sold.mint, default: .zero]
                if trade.sold.amount > before {
                    oversells += 1
                } else if trade.sold.amount < before {
                    partialExits += 1
                }
                held[trade.sold.mint] = before > trade.sold.amount ? before - trade.sold.amount : .zero
            case .swap:
                #expect(trade.solAmount == nil && !trade.sold.isSOL && !trade.bought.isSOL)
                let before = held[trade.sold.mint, default: .zero]
                held[trade.sold.mint] = before > trade.sold.amount ? before - trade.sold.amount : .zero
                held[trade.bought.mint, default: .zero] += trade.bought.amount
            }
            if !trade.sold.isSOL { mints.insert(trade.sold.mint) }
            if !trade.bought.isSOL { mints.insert(trade.bought.mint) }
        }
        let buys = sides[.buy, default: 0]
        let sells = sides[.sell, default: 0]
        let swaps = sides[.swap, default: 0]
        #expect(buys > count / 3 && sells > count / 4, "buys \(buys), sells \(sells)")
        // About 0.5 % token↔token swaps.
        #expect(swaps > count / 1_000 && swaps < count / 50, "swaps \(swaps)")
        #expect(oversells > 10, "oversells \(oversells)")
        #expect(partialExits > 1_000, "partial exits \(partialExits)")
        #expect(mints.count > 1_000, "distinct tokens \(mints.count)")
        #expect(signatures.count > count * 9 / 10)
    }

    @Test func addressesAreValid() throws {
        for seed: UInt64 in [0, 1, 42, .max] {
            let wallet = DemoTradeGenerator.wallet(seed: seed)
            #expect(try WalletAddress(validating: wallet.rawValue) == wallet)
        }
        for trade in DemoTradeGenerator(seed: 9, count: 2_000) {
            let mint = trade.side == .sell ? trade.sold.mint : trade.bought.mint
            #expect(Base58.decode(mint)?.count == 32, "\(mint)")
        }
    }

    @Test func splitMix64MatchesTheReferenceOutput() {
        // First outputs of the reference C implementation seeded with 0.
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    }
}
