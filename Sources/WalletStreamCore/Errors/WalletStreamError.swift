/// An error a user or client can act on: a stable machine code plus a human message.
///
/// The message never carries internals (SQL, file descriptors, stack traces); those go to logs.
public struct WalletStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, machine-readable error codes. HTTP-facing code maps each to a status.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidAddress = Code(rawValue: "INVALID_ADDRESS")
        public static let invalidParameter = Code(rawValue: "INVALID_PARAMETER")
        public static let invalidCursor = Code(rawValue: "INVALID_CURSOR")
        public static let walletNotFound = Code(rawValue: "WALLET_NOT_FOUND")
        public static let invalidInput = Code(rawValue: "INVALID_INPUT")
        public static let storeUnavailable = Code(rawValue: "STORE_UNAVAILABLE")
        public static let storeLocked = Code(rawValue: "STORE_LOCKED")
        public static let fileUnreadable = Code(rawValue: "FILE_UNREADABLE")
        public static let shuttingDown = Code(rawValue: "SHUTTING_DOWN")
        public static let upstreamUnavailable = Code(rawValue: "UPSTREAM_UNAVAILABLE")
        public static let internalError = Code(rawValue: "INTERNAL")
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
