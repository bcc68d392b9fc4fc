import Hummingbird
import Testing
import WalletStreamClient
import WalletStreamCore
import WalletStreamWire

@Suite(.timeLimit(.minutes(2))) struct WalletStreamClientTests {
    static let fastRetries = WalletStreamClientConfiguration(
        maxReconnectAttempts: 3, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50), jitter: 0.1)

    /// Runs a stream against `script` and collects what the handler saw.
    func run(
        _ script: ScriptedStream,
        configuration: WalletStreamClientConfiguration = fastRetries,
        resumeFrom: String? = nil
    ) async throws -> (outcome: StreamOutcome, updates: [StreamUpdate]) {
        try await withTestServer(script.router()) { baseURL in
            let client = WalletStreamClient(baseURL: baseURL + "/", configuration: configuration)
            var updates: [StreamUpdate] = []
            let outcome = try await client.stream(wallet: SSE.wallet, batchSize: 3, resumeFrom: resumeFrom) {
                updates.append($0)
                if case .trades(let trades, _) = $0 { await script.log.delivered(trades.count) }
            }
            return (outcome, updates)
        }
    }

    func deliveredTrades(_ updates: [StreamUpdate]) -> [Trade] {
        updates.flatMap { update -> [Trade] in
            if case .trades(let trades, _) = update { return trades }
            return []
        }
    }

    @Test func completeStreamWithoutFaults() async throws {
        let script = ScriptedStream(trades: SSE.trades(7), fault: .none)
        let (outcome, updates) = try await run(script)
        #expect(deliveredTrades(updates) == script.trades)
        #expect(outcome.reconnects == 0)
        #expect(outcome.tradesDelivered == 7)
        #expect(outcome.complete == StreamComplete(tradesFound: 7, elapsedMs: 5))
        #expect(outcome.summary == (try SSE.summary(of: script.trades)))
        #expect(outcome.lastEventID == "c6")
        #expect(
            updates.first
                == .connected(
                    StreamConnected(
                        streamID: "s1", wallet: SSE.wallet, totalTrades: 7, batchSize: 3, resumedAfter: nil)))
        #expect(updates.contains(.heartbeat))
        #expect(updates.contains(.progress(StreamProgress(percentage: 100, tradesSent: 7, totalTrades: 7))))
        #expect(updates.last == .complete(outcome.complete))
        let cursors = updates.compactMap { update -> String? in
            if case .trades(_, let cursor) = update { return cursor }
            return nil
        }
        #expect(cursors == ["c2", "c5", "c6"])
        #expect(await script.log.queries == ["batch_size=3"])
    }

    @Test func droppedConnectionResumesFromLastEventIDWithoutDuplicatesOrGaps() async throws {
        let script = ScriptedStream(trades: SSE.trades(10), fault: .dropAfter(batches: 2))
        let (outcome, updates) = try await run(script)
        #expect(deliveredTrades(updates) == script.trades)
        #expect(outcome.tradesDelivered == 10)
        #expect(outcome.reconnects == 1)
        #expect(await script.log.lastEventIDs == [nil, "c5"])
        #expect(await script.log.queries.last == "batch_size=3&last_event_id=c5")
        let connects = updates.compactMap { update -> String?? in
            if case .connected(let connected) = update { return connected.resumedAfter }
            return nil
        }
        #expect(connects == [nil, "c5"])
        #expect(updates.contains { if case .reconnecting(attempt: 1, _) = $0 { true } else { false } })
    }

    @Test func shuttingDownErrorEventReconnects() async throws {
        let script = ScriptedStream(trades: SSE.trades(8), fault: .errorEvent(batches: 1, code: .shuttingDown))
        let (outcome, updates) = try await run(script)
        #expect(deliveredTrades(updates) == script.trades)
        #expect(outcome.reconnects == 1)
        #expect(await script.log.lastEventIDs == [nil, "c2"])
        #expect(updates.contains(.serverError(ErrorBody(error: "server is restarting", code: .shuttingDown))))
    }

    @Test func nonRetryableErrorEventFails() async throws {
        let script = ScriptedStream(trades: SSE.trades(8), fault: .errorEvent(batches: 1, code: .internalError))
        await #expect(throws: WalletStreamError(code: .internalError, message: "server is restarting")) {
            _ = try await run(script)
        }
        #expect(await script.log.count == 1)
    }

    @Test func serverReplayingFromTheStartCausesNoDuplicates() async throws {
        var script = ScriptedStream(trades: SSE.trades(9), fault: .dropAfter(batches: 1))
        script.honoursLastEventID = false
        let (outcome, updates) = try await run(script)
        #expect(deliveredTrades(updates) == script.trades)
        #expect(outcome.tradesDelivered == 9)
        #expect(outcome.reconnects == 1)
    }

    @Test func resumeFromIsSentOnTheFirstRequest() async throws {
        let script = ScriptedStream(trades: SSE.trades(9), fault: .none)
        let (outcome, updates) = try await run(script, resumeFrom: "c5")
        #expect(deliveredTrades(updates) == Array(script.trades[6...]))
        #expect(outcome.tradesDelivered == 3)
        #expect(await script.log.lastEventIDs == ["c5"])
    }

    @Test func silentConnectionIsDetectedByTheIdleTimeoutAndResumed() async throws {
        let script = ScriptedStream(trades: SSE.trades(6), fault: .stall(batches: 1))
        let configuration = {
            var configuration = Self.fastRetries
            // Long enough that a loaded CI machine does not trip it on a healthy connection.
            configuration.idleTimeout = .milliseconds(3000)
            return configuration
        }()
        let (outcome, updates) = try await withTestServer(script.router()) { baseURL in
            try await WalletStreamClient.withClient(baseURL: baseURL, configuration: configuration) { client in
                var updates: [StreamUpdate] = []
                let outcome = try await client.stream(wallet: SSE.wallet, batchSize: 3) { updates.append($0) }
                return (outcome, updates)
            }
        }
        #expect(deliveredTrades(updates) == script.trades)
        #expect(outcome.reconnects == 1)
        #expect(await script.log.lastEventIDs == [nil, "c2"])
        // The client reconnected while the server was still silent (the stall lasts 10 s, then the
        // server drops the connection): the idle timeout, not the drop, ended the first one.
        #expect(await script.log.requestsDuringStall == 1)
    }

    @Test func givesUpAfterMaxReconnectAttempts() async throws {
        let script = ScriptedStream(trades: SSE.trades(3), fault: .alwaysDrop)
        await #expect {
            _ = try await run(script)
        } throws: { error in
            (error as? WalletStreamError)?.code == .streamInterrupted
        }
        #expect(await script.log.count == 4)  // the first connection and 3 reconnection attempts
    }

    @Test func httpErrorIsSurfacedWithItsCodeAndNotRetried() async throws {
        let log = RequestLog()
        let router = Router()
        router.get("/v4/wallet/:address/stream") { request, _ -> Response in
            await log.record(lastEventID: nil, query: request.uri.query ?? "")
            let body =
                #"{"error":"cursor 'zz' is invalid: not a cursor issued by this service","code":"INVALID_CURSOR"}"#
            return Response(
                status: .badRequest, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        let expected = WalletStreamError(
            code: .invalidCursor, message: "cursor 'zz' is invalid: not a cursor issued by this service")
        await #expect(throws: expected) {
            try await withTestServer(router) { baseURL in
                let client = WalletStreamClient(baseURL: baseURL, configuration: Self.fastRetries)
                _ = try await client.stream(wallet: SSE.wallet, resumeFrom: "zz") { update in
                    Issue.record("unexpected update \(update)")
                }
            }
        }
        #expect(await log.count == 1)
    }

    @Test func nonEventStreamResponseIsRejected() async throws {
        let router = Router()
        router.get("/v4/wallet/:address/stream") { _, _ -> String in "hello" }
        await #expect {
            try await withTestServer(router) { baseURL in
                _ = try await WalletStreamClient(baseURL: baseURL).stream(wallet: SSE.wallet) { _ in }
            }
        } throws: { error in
            (error as? WalletStreamError)?.code == .unexpectedResponse
        }
    }

    @Test func backoffGrowsExponentiallyFromTheServerRetryAndIsCapped() {
        let configuration = WalletStreamClientConfiguration(
            initialBackoff: .seconds(1), maxBackoff: .seconds(8), jitter: 0.25)
        for _ in 0..<50 {
            let first = configuration.backoff(attempt: 1, serverRetry: nil)
            #expect(first >= .seconds(1) && first <= .milliseconds(1_250))
            let third = configuration.backoff(attempt: 3, serverRetry: .milliseconds(100))
            #expect(third >= .milliseconds(400) && third <= .milliseconds(500))
            let late = configuration.backoff(attempt: 40, serverRetry: nil)
            #expect(late >= .seconds(8) && late <= .seconds(10))
        }
    }
}
