/// An exact decimal amount with 12 fractional digits, stored as a 128-bit integer.
///
/// Token amounts on Solana have at most 9 decimals, so every chain or CSV amount is
/// represented exactly; only pro-rata splits (``multiplied(by:dividedBy:)``) round,
/// half away from zero, at the 12th digit. Never a `Double`.
public struct Amount: Sendable, Hashable, Comparable {
    /// Number of fractional decimal digits kept.
    public static let scale = 12
    @usableFromInline static let unitsPerOne: Int128 = 1_000_000_000_000

    /// The value times 10^12.
    public var units: Int128

    @inlinable public init(units: Int128) { self.units = units }

    /// A whole number.
    public init(_ integer: Int) { self.units = Int128(integer) * Self.unitsPerOne }

    /// An amount from integer base units and the token's decimals (e.g. lamports and 9).
    /// Returns nil when `decimals` exceeds ``scale`` and the value would lose digits.
    public init?(baseUnits: Int128, decimals: Int) {
        guard decimals >= 0 else { return nil }
        if decimals <= Self.scale {
            let factor = Self.powerOfTen(Self.scale - decimals)
            let (product, overflow) = baseUnits.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            units = product
        } else {
            let divisor = Self.powerOfTen(decimals - Self.scale)
            guard baseUnits % divisor == 0 else { return nil }
            units = baseUnits / divisor
        }
    }

    public static let zero = Amount(units: 0)

    @inlinable public var isZero: Bool { units == 0 }
    @inlinable public var isNegative: Bool { units < 0 }
    @inlinable public var isPositive: Bool { units > 0 }

    @inlinable public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.units < rhs.units }
    @inlinable public static func + (lhs: Amount, rhs: Amount) -> Amount { Amount(units: lhs.units + rhs.units) }
    @inlinable public static func - (lhs: Amount, rhs: Amount) -> Amount { Amount(units: lhs.units - rhs.units) }
    @inlinable public static prefix func - (value: Amount) -> Amount { Amount(units: -value.units) }
    @inlinable public static func += (lhs: inout Amount, rhs: Amount) { lhs.units += rhs.units }
    @inlinable public static func -= (lhs: inout Amount, rhs: Amount) { lhs.units -= rhs.units }

    /// `self × numerator ÷ denominator`, exact in 256-bit intermediate precision and rounded
    /// half away from zero to 12 digits. Used to pro-rate cost and proceeds to a matched quantity.
    public func multiplied(by numerator: Amount, dividedBy denominator: Amount) -> Amount {
        precondition(!denominator.isZero, "pro-rata by a zero quantity")
        if numerator == denominator { return self }
        let negative = ((units < 0) != (numerator.units < 0)) != (denominator.units < 0)
        let a = units.magnitude
        let b = numerator.units.magnitude
        let c = denominator.units.magnitude
        let product = a.multipliedFullWidth(by: b)
        // Quotient fits whenever |numerator| ≤ |denominator|, the only way this is used;
        // saturate otherwise instead of trapping.
        guard product.high < c else { return Amount(units: negative ? Int128.min + 1 : Int128.max) }
        var quotient: UInt128
        var remainder: UInt128
        if product.high == 0 {
            // The usual case: the product fits in 128 bits and one native division does.
            (quotient, remainder) = product.low.quotientAndRemainder(dividingBy: c)
        } else {
            (quotient, remainder) = c.dividingFullWidth(product)
        }
        if remainder >= c - remainder { quotient += 1 }
        let magnitude = Int128(clamping: quotient)
        return Amount(units: negative ? -magnitude : magnitude)
    }

    static func powerOfTen(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
