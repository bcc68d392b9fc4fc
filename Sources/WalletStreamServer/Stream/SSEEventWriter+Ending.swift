import Logging
import WalletStreamCore
import WalletStreamWire

extension SSEEventWriter {
    /// The last event of a stream that ends as `ending`: `error` with `retry:` when the server
    /// ends it (shutting down, or failed: internal errors are logged and not shown), nothing
    /// when it finished or its client left.
    mutating func ending(_ ending: StreamEnding, requestID: String, retryMilliseconds: Int, logger: Logger) {
        let error: WalletStreamError
        switch ending {
        case .finished, .disconnected:
            return
        case .shuttingDown:
            error = WalletStreamError(
                code: .shuttingDown, message: "the server is shutting down; reconnect with Last-Event-ID")
        case .failed(let failure):
            error = APIErrorMiddleware.clientError(failure, logger: logger)
        }
        self.error(ErrorBody(error, requestID: requestID), retry: retryMilliseconds)
    }
}

extension WalletStreamError {
    /// A stream reached `maxStreamDuration`.
    static var streamDeadlineReached: WalletStreamError {
        WalletStreamError(
            code: .streamDeadline, message: "the stream reached the server's time limit; reconnect with Last-Event-ID")
    }
}
