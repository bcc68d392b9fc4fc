import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

extension FollowDetour.Route {
    /// Answers a detoured request as Hummingbird would: the router's response, with the
    /// `Date` and `Server` headers, written to the connection, which closes when it ends.
    func respond(_ head: HTTPRequest, on stream: DetouredStream) async {
        var logger = self.logger
        logger[metadataKey: "hb.request.id"] = .stringConvertible(RequestID())
        var context = WalletStreamRequestContext(source: .init(channel: stream.channel, logger: logger))
        context.detour = stream
        var response: Response
        do {
            response = try await respond(Request(head: head, body: RequestBody(buffer: ByteBuffer())), context)
        } catch {
            logger.debug("unrecognised error", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            response = Response(status: .internalServerError)
        }
        response.headers[.date] = Self.httpDate(Date())
        response.headers[.server] = "WalletStream"
        response.headers[.connection] = "close"
        do {
            try await stream.write(.head(response.head))
            try await response.body.write(DetouredStream.BodyWriter(stream: stream))
        } catch {
            logger.debug("detoured response cut short", metadata: ["error": "\(error)"])
        }
        stream.responseReturned()
    }

    /// `Thu, 03 Dec 2026 20:19:00 GMT`; one formatter per detoured request (one per stream).
    private static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
