extension Amount {
    /// Rounded half away from zero to `decimals` fractional digits.
    public func rounded(toDecimals decimals: Int) -> Amount {
        let step = Amount.powerOfTen(Amount.scale - decimals)
        let remainder = units % step
        var truncated = units - remainder
        if remainder.magnitude * 2 >= step.magnitude { truncated += units < 0 ? -step : step }
        return Amount(units: truncated)
    }
}
