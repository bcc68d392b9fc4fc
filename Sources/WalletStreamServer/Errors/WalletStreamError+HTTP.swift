import HTTPTypes
import WalletStreamCore

extension WalletStreamError.Code {
    /// The HTTP status a client sees for this code.
    var httpStatus: HTTPResponse.Status {
        switch self {
        case .invalidAddress, .invalidParameter, .invalidCursor, .invalidInput, .malformedRequest: .badRequest
        case .headersTooLarge: .requestHeaderFieldsTooLarge
        case .walletNotFound, .notFound: .notFound
        case .unauthorized: .unauthorized
        case .rateLimited: .tooManyRequests
        case .methodNotAllowed: .methodNotAllowed
        case .streamDeadline: .requestTimeout
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .storeUnavailable, .storeLocked, .shuttingDown, .lagging: .serviceUnavailable
        case .upstreamUnavailable: .badGateway
        default: .internalServerError
        }
    }
}
