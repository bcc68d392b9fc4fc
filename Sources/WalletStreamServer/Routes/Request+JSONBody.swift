import Foundation
import Hummingbird
import NIOCore
import WalletStreamCore

extension Request {
    /// The body of a JSON request, at most `maxBytes`: 415 when it declares another media
    /// type, 413 (`PAYLOAD_TOO_LARGE`) as soon as it is known to be larger, before reading it
    /// when its `Content-Length` says so.
    func jsonBody(maxBytes: Int) async throws -> ByteBuffer {
        if let type = headers[.contentType] {
            let media = type.split(separator: ";", maxSplits: 1).first?.trimmingCharacters(in: .whitespaces)
                .lowercased()
            guard let media, media == "application/json" || media.hasSuffix("+json") else {
                throw WalletStreamError(
                    code: .unsupportedMediaType, message: "the body must be application/json, got '\(type.prefix(60))'")
            }
        }
        let tooLarge = WalletStreamError(
            code: .payloadTooLarge, message: "the body is larger than the \(maxBytes) bytes this server accepts")
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > maxBytes { throw tooLarge }
        do {
            return try await body.collect(upTo: maxBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }
}
