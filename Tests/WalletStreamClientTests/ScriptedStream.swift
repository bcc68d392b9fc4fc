import Hummingbird
import WalletStreamCore
import WalletStreamTestSupport
import WalletStreamWire

/// A scripted `/v4/wallet/:address/stream` endpoint serving `trades` in batches of 3, with the
/// cursor `c<index of the batch's last trade>` as each `trades` event's id.
struct ScriptedStream: Sendable {
    /// How the first connection goes wrong.
    enum FirstConnectionFault: Sendable {
        case none
        /// After this many batches, write half an event and fail the response.
        case dropAfter(batches: Int)
        /// After this many batches, send an `error` event with this code and end the response.
        case errorEvent(batches: Int, code: WalletStreamError.Code)
        /// Every connection ends right after `connected`.
        case alwaysDrop
        /// After this many batches, send nothing more (not even heartbeats) for a while.
        case stall(batches: Int)
    }

    var trades: [Trade]
    var fault: FirstConnectionFault
    var honoursLastEventID = true
    let log = RequestLog()

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v4/wallet/:address/stream") { request, _ -> Response in
            let lastEventID = request.headers.first { $0.name.canonicalName == "last-event-id" }?.value
            await log.record(lastEventID: lastEventID, query: request.uri.query ?? "")
            let connection = await log.count
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    try await respond(connection: connection, lastEventID: lastEventID, writer: &writer)
                }
            )
        }
        return router
    }

    func respond(connection: Int, lastEventID: String?, writer: inout any ResponseBodyWriter) async throws {
        let resumeIndex = honoursLastEventID ? lastEventID.flatMap { Int($0.dropFirst()) } : nil
        var index = resumeIndex.map { $0 + 1 } ?? 0
        try await writer.write(ByteBuffer(string: "retry: 10\n\n"))
        let connected = StreamConnected(
            streamID: "s\(connection)", wallet: SSE.wallet, totalTrades: trades.count, batchSize: 3,
            resumedAfter: resumeIndex == nil ? nil : lastEventID)
        try await writer.write(SSE.event(.connected, connected))
        try await writer.write(ByteBuffer(string: ": ping\n\n"))
        if case .alwaysDrop = fault {
            try await writer.finish(nil)
            return
        }
        var batch = 0
        while index < trades.count {
            if connection == 1 {
                switch fault {
                case .dropAfter(let batches) where batch == batches:
                    // Half an event whose id line is complete: the client must not resume from it.
                    try await writer.write(ByteBuffer(string: "event: trades\nid: c99\ndata: {\"batch"))
                    // Let the complete batches reach the client first: closing with writes still
                    // queued in NIO would drop them too.
                    let sent = index
                    _ = try await Eventually.wait(within: .seconds(10)) { await log.tradesDelivered >= sent }
                    throw TestServerError.scriptedDrop
                case .errorEvent(let batches, let code) where batch == batches:
                    try await writer.write(ByteBuffer(string: "retry: 20\n"))
                    try await writer.write(SSE.event(.error, ErrorBody(error: "server is restarting", code: code)))
                    try await writer.finish(nil)
                    return
                case .stall(let batches) where batch == batches:
                    await log.stall(true)
                    try? await Task.sleep(for: .seconds(10))
                    await log.stall(false)
                    return
                default: break
                }
            }
            let end = min(index + 3, trades.count)
            batch += 1
            let payload = StreamTrades(
                batchNum: batch, trades: Array(trades[index..<end]), totalYielded: end, hasMore: end < trades.count)
            try await writer.write(SSE.event(.trades, payload, id: "c\(end - 1)"))
            let progress = StreamProgress(
                percentage: Double(end) * 100 / Double(trades.count), tradesSent: end, totalTrades: trades.count)
            try await writer.write(SSE.event(.progress, progress))
            index = end
        }
        try await writer.write(SSE.event(.summary, try SSE.summary(of: trades)))
        try await writer.write(SSE.event(.complete, StreamComplete(tradesFound: trades.count, elapsedMs: 5)))
        try await writer.finish(nil)
    }
}
