import WalletStreamCore

extension JSONWriter {
    /// `{"code", "error"}`, byte for byte what `body.jsonBytes()` (sorted keys) gives, without
    /// an encoder that could fail: the one writer of error responses and `error` events.
    public mutating func errorBody(_ body: ErrorBody) {
        raw("{\"code\":")
        string(body.code.rawValue)
        raw(",\"error\":")
        string(body.error)
        if let requestID = body.requestID {
            raw(",\"request_id\":")
            string(requestID)
        }
        byte(UInt8(ascii: "}"))
    }
}
