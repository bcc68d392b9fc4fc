/// Decodes any JSON value and remembers only whether it was non-null.
struct JSONPresence: Decodable {
    var isPresent: Bool

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        isPresent = !container.decodeNil()
    }
}
