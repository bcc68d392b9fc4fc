/// How one stream ended, as the socket writer saw it.
enum StreamEnding: Sendable {
    /// The producer sent everything, `complete` included.
    case finished
    /// The server is stopping; the client got `SHUTTING_DOWN` after every chunk produced.
    case shuttingDown
    /// The producer failed; the client got an `error` event after every chunk produced.
    case failed(any Error)
    /// The client went away; what was queued was dropped.
    case disconnected
}

extension StreamEnding {
    var isDisconnect: Bool {
        if case .disconnected = self { true } else { false }
    }
}
