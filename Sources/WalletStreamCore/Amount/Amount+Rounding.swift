extension Amount {
    /// The amount rounded to `decimals` fractional digits, half away from zero
    /// (`1.4555115` → `1.455512` at 6). `decimals` at or above ``scale`` returns the amount unchanged.
    public func rounded(toDecimals decimals: Int) -> Amount {
        guard decimals < Self.scale else { return self }
        let step = Self.powerOfTen(Self.scale - max(decimals, 0))
        let magnitude = units.magnitude
        let step128 = UInt128(step)
        var quotient = magnitude / step128
        if (magnitude % step128) * 2 >= step128 { quotient += 1 }
        let roundedMagnitude = Int128(clamping: quotient * step128)
        return Amount(units: units < 0 ? -roundedMagnitude : roundedMagnitude)
    }
}
