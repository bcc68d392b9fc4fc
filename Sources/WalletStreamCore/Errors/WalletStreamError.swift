/// An error a user or client can act on: a stable machine code plus a human message.
///
/// The message never carries internals (SQL, file descriptors, stack traces); those stay in
/// ``underlying``, which the edge (the server's error middleware, the CLI) logs once.
public struct WalletStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable, machine-readable error codes: a closed set, like `PSQLError.Code`. HTTP-facing
    /// code maps each to a status.
    public struct Code: Sendable, Hashable, Codable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case invalidAddress = "INVALID_ADDRESS"
            case invalidParameter = "INVALID_PARAMETER"
            case invalidCursor = "INVALID_CURSOR"
            case invalidInput = "INVALID_INPUT"
            case malformedRequest = "MALFORMED_REQUEST"
            case headersTooLarge = "HEADERS_TOO_LARGE"
            case walletNotFound = "WALLET_NOT_FOUND"
            case notFound = "NOT_FOUND"
            case unauthorized = "UNAUTHORIZED"
            case rateLimited = "RATE_LIMITED"
            case methodNotAllowed = "METHOD_NOT_ALLOWED"
            case payloadTooLarge = "PAYLOAD_TOO_LARGE"
            case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
            case storeUnavailable = "STORE_UNAVAILABLE"
            case storeLocked = "STORE_LOCKED"
            case fileUnreadable = "FILE_UNREADABLE"
            case shuttingDown = "SHUTTING_DOWN"
            case streamDeadline = "STREAM_DEADLINE"
            case lagging = "LAGGING"
            case upstreamUnavailable = "UPSTREAM_UNAVAILABLE"
            case internalError = "INTERNAL"
            case unexpectedResponse = "UNEXPECTED_RESPONSE"
            case streamInterrupted = "STREAM_INTERRUPTED"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The code as sent on the wire, e.g. `INVALID_CURSOR`.
        public var rawValue: String { base.rawValue }
        public var description: String { base.rawValue }

        /// The code named `rawValue`, or nil for a name this version does not know.
        public init?(rawValue: String) {
            guard let base = Base(rawValue: rawValue) else { return nil }
            self.base = base
        }

        /// Every code, in a stable order (for documentation and tests).
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The address is not base58 of 32 bytes.
        public static let invalidAddress = Code(.invalidAddress)
        /// A query parameter or body field is missing, malformed or out of range.
        public static let invalidParameter = Code(.invalidParameter)
        /// A cursor is malformed or belongs to another wallet.
        public static let invalidCursor = Code(.invalidCursor)
        /// An input file (CSV) has a malformed row.
        public static let invalidInput = Code(.invalidInput)
        /// The request is not parseable HTTP/1.1 (the connection is closed after the answer).
        public static let malformedRequest = Code(.malformedRequest)
        /// The request's headers passed the server's limit (431; the connection is closed).
        public static let headersTooLarge = Code(.headersTooLarge)
        /// The store holds no trades for the wallet and no upstream can fetch them.
        public static let walletNotFound = Code(.walletNotFound)
        /// No route for the path.
        public static let notFound = Code(.notFound)
        /// The server requires an API key and the request has none, or one it does not know.
        public static let unauthorized = Code(.unauthorized)
        /// A limit of the client's key (or address) is reached: requests per second, open
        /// streams or syncs per hour; `Retry-After` says when to try again.
        public static let rateLimited = Code(.rateLimited)
        /// The path exists, but not for this method.
        public static let methodNotAllowed = Code(.methodNotAllowed)
        /// The request body is larger than the endpoint accepts.
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// The request body is not of a type the endpoint accepts (JSON).
        public static let unsupportedMediaType = Code(.unsupportedMediaType)
        /// The store failed or is full.
        public static let storeUnavailable = Code(.storeUnavailable)
        /// Another process holds the store's write lock.
        public static let storeLocked = Code(.storeLocked)
        /// A file could not be read or written.
        public static let fileUnreadable = Code(.fileUnreadable)
        /// The server is stopping; reconnect (streams resume with `Last-Event-ID`).
        public static let shuttingDown = Code(.shuttingDown)
        /// The stream ran for the server's longest allowed time; reconnect with `Last-Event-ID`.
        public static let streamDeadline = Code(.streamDeadline)
        /// A following stream fell more than the server's limit behind the newest trades; it
        /// reconnects with `Last-Event-ID` and catches up from the store.
        public static let lagging = Code(.lagging)
        /// The chain data provider failed after every retry.
        public static let upstreamUnavailable = Code(.upstreamUnavailable)
        /// Anything unexpected; details are in the server log only.
        public static let internalError = Code(.internalError)
        /// The server answered something that is not the contract (client side).
        public static let unexpectedResponse = Code(.unexpectedResponse)
        /// The connection kept dropping and the client ran out of reconnection attempts.
        public static let streamInterrupted = Code(.streamInterrupted)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let code = Code(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "unknown error code '\(text.prefix(64))'")
            }
            self = code
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    public var code: Code
    public var message: String
    /// What caused this error, for the log at the edge; never shown to clients.
    public var underlying: (any Error & Sendable)?
    /// When trying again makes sense (`Retry-After` on HTTP), for limits.
    public var retryAfter: Duration?

    public init(
        code: Code, message: String, underlying: (any Error & Sendable)? = nil, retryAfter: Duration? = nil
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.retryAfter = retryAfter
    }

    public var description: String { message }

    /// Equal when code and message are; the underlying error is diagnostics only.
    public static func == (lhs: WalletStreamError, rhs: WalletStreamError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
