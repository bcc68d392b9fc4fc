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
        var integer: Int128 = 0
        var integerDigits = 0
        while index < bytes.count, bytes[index] &- 48 < 10 {
            let (shifted, o1) = integer.multipliedReportingOverflow(by: 10)
            let (added, o2) = shifted.addingReportingOverflow(Int128(bytes[index] &- 48))
            guard !o1, !o2 else { return nil }
            integer = added
            integerDigits += 1
            index += 1
        }
        var fraction: Int128 = 0
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, bytes[index] &- 48 < 10 {
                fractionDigits += 1
                guard fractionDigits <= scale else { return nil }
                fraction = fraction * 10 + Int128(bytes[index] &- 48)
                index += 1
            }
        }
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
        var integer = magnitude / one
        var fraction = magnitude % one
        if units < 0 { buffer.append(UInt8(ascii: "-")) }
        // Integer part, most significant digit first.
        if integer == 0 {
            buffer.append(UInt8(ascii: "0"))
        } else {
            let start = buffer.count
            while integer > 0 {
                buffer.append(UInt8(truncatingIfNeeded: integer % 10) + 48)
                integer /= 10
            }
            buffer[start...].reverse()
        }
        guard fraction > 0 else { return }
        buffer.append(UInt8(ascii: "."))
        var width = Self.scale
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let start = buffer.count
        for _ in 0..<width {
            buffer.append(UInt8(truncatingIfNeeded: fraction % 10) + 48)
            fraction /= 10
        }
        buffer[start...].reverse()
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
