import Testing
import WalletStreamCore

@Suite struct AmountTests {
    @Test(arguments: [
        ("0", "0"), ("1.980000", "1.98"), ("1986656.546333", "1986656.546333"), ("-0.5", "-0.5"),
        ("000.100", "0.1"), ("123456789012345678901234.000000000001", "123456789012345678901234.000000000001"),
        (".5", "0.5"), ("7.", "7"),
    ])
    func parsesAndPrintsCanonically(input: String, expected: String) throws {
        let amount = try #require(Amount(input))
        #expect(amount.description == expected)
        #expect(Amount(amount.description) == amount)
    }

    @Test(arguments: ["", "-", "1e5", "1,000", "1.2.3", "abc", " 1", "0.0000000000001", "NaN", "."])
    func rejectsNonDecimals(input: String) {
        #expect(Amount(input) == nil)
    }

    @Test func sumsExactlyWhereDoubleDoesNot() throws {
        let tenth = try #require(Amount("0.1"))
        let two = try #require(Amount("0.2"))
        #expect((tenth + two).description == "0.3")
    }

    @Test func baseUnitsWithDecimals() throws {
        #expect(Amount(baseUnits: 77_850_000, decimals: 9)?.description == "0.07785")
        #expect(Amount(baseUnits: 1_986_656_546_333, decimals: 6)?.description == "1986656.546333")
        #expect(Amount(baseUnits: 5, decimals: 13) == nil)
        #expect(Amount(baseUnits: 50, decimals: 13)?.description == "0.000000000005")
    }

    @Test func proRataRoundsHalfAwayFromZero() throws {
        let cost = try #require(Amount("1"))
        let third = cost.multiplied(by: Amount(1), dividedBy: Amount(3))
        #expect(third.description == "0.333333333333")
        let twoThirds = cost.multiplied(by: Amount(2), dividedBy: Amount(3))
        #expect(twoThirds.description == "0.666666666667")
        #expect((-cost).multiplied(by: Amount(2), dividedBy: Amount(3)).description == "-0.666666666667")
        // Large quantities need the 256-bit intermediate product.
        let big = try #require(Amount("987654321987654.123456"))
        #expect(big.multiplied(by: big, dividedBy: big) == big)
        let half = big.multiplied(
            by: try #require(Amount("500000000000000")), dividedBy: try #require(Amount("1000000000000000")))
        #expect(half.description == "493827160993827.061728")
    }

    @Test func roundsToDecimals() throws {
        #expect(try #require(Amount("66.666666")).rounded(toDecimals: 2).description == "66.67")
        #expect(try #require(Amount("-1.005")).rounded(toDecimals: 2).description == "-1.01")
        #expect(try #require(Amount("2.004")).rounded(toDecimals: 2).description == "2")
    }
}
