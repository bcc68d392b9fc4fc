extension Amount: CustomStringConvertible, LosslessStringConvertible {
    /// Parses a plain decimal string such as `"12"`, `"-0.5"` or `"1986656.546333"`.
    ///
    /// Exponents, grouping separators and more than 12 fractional digits are rejected
    /// rather than rounded.
    public init?(_ description: String) {
        var text = description
        guard let value = text.withUTF8({ Amount.parse($0) }) else { return nil }
        self = value
    }

    /// Parses ASCII decimal bytes; the fast path used by the CSV reader and the stores.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Amount? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // 64-bit accumulation for the first 18 digits, the common case; 128-bit beyond.
        var small: UInt64 = 0
        var integer: Int128 = 0
        var integerDigits = 0
        while index < bytes.count, bytes[index] &- 48 < 10 {
            if integerDigits < 18 {
                small = small &* 10 &+ UInt64(bytes[index] &- 48)
                if integerDigits == 17 { integer = Int128(small) }
            } else {
                let (shifted, o1) = integer.multipliedReportingOverflow(by: 10)
                let (added, o2) = shifted.addingReportingOverflow(Int128(bytes[index] &- 48))
                guard !o1, !o2 else { return nil }
                integer = added
            }
            integerDigits += 1
            index += 1
        }
        if integerDigits < 18 { integer = Int128(small) }
        var fractionDigits = 0
        var fractionSmall: UInt64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] &- 48 < 10 {
                fractionDigits += 1
                guard fractionDigits <= scale else { return nil }
                fractionSmall = fractionSmall &* 10 &+ UInt64(bytes[index] &- 48)
                index += 1
            }
        }
        let fraction = Int128(fractionSmall)
        guard index == bytes.count, integerDigits + fractionDigits > 0 else { return nil }
        let (whole, overflow) = integer.multipliedReportingOverflow(by: unitsPerOne)
        guard !overflow else { return nil }
        let units = whole + fraction * powerOfTen(scale - fractionDigits)
        return Amount(units: negative ? -units : units)
    }

    /// The shortest exact decimal form: no exponent, no trailing zeros (`"0.07785"`, `"2"`, `"-1.5"`).
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48)
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends ``description`` as ASCII bytes, without allocating a `String`.
    public func appendText(to buffer: inout [UInt8]) {
        let magnitude = units.magnitude
        let one = UInt128(Self.unitsPerOne)
        // Two 128-bit divisions at most; every digit after that is 64-bit arithmetic.
        let integerPart = magnitude / one
        var fraction = UInt64(truncatingIfNeeded: magnitude % one)
        if units < 0 { buffer.append(UInt8(ascii: "-")) }
        if let integer = UInt64(exactly: integerPart) {
            Self.appendDecimal(integer, to: &buffer)
        } else {
            let high = integerPart / 10_000_000_000_000_000_000
            let low = UInt64(truncatingIfNeeded: integerPart % 10_000_000_000_000_000_000)
            Self.appendDecimal(UInt64(truncatingIfNeeded: high), to: &buffer)
            Self.appendDecimal(low, width: 19, to: &buffer)
        }
        guard fraction > 0 else { return }
        buffer.append(UInt8(ascii: "."))
        var width = Self.scale
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        Self.appendDecimal(fraction, width: width, to: &buffer)
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func appendDecimal(_ value: UInt64, width: Int = 1, to buffer: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var remaining = value
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(truncatingIfNeeded: remaining % 10) &+ 48
                remaining /= 10
                count += 1
            } while remaining > 0
            while count < width {
                raw[count] = 48
                count += 1
            }
            var index = count
            while index > 0 {
                index -= 1
                buffer.append(raw[index])
            }
        }
    }
}

extension Amount: Codable {
    /// Amounts travel as JSON strings so that no client parses them into a binary float.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Amount(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal amount: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
