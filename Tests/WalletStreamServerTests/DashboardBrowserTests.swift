import Foundation
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamServer
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport

/// The dashboard in a real browser: headless Chromium (Debian's `chromium`), driven over the
/// DevTools protocol by `Browser/drive_dashboard.py`, loads the real wallet from a live server,
/// and trades delivered through the webhook then appear on the page, after a LAGGING error and
/// a reconnection with `Last-Event-ID`.
@Suite(.timeLimit(.minutes(3))) struct DashboardBrowserTests {
    static let driver: String = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast()
        return components.joined(separator: "/") + "/Browser/drive_dashboard.py"
    }()

    static let secret = "dashboard-test-secret"

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// What the driver read from the page.
    struct Report: Decodable {
        struct Phase1: Decodable {
            var trade_count: Int
            var summary: [String: String]
            var token_rows: Int
            var first_token_mint: String?
            var chart_has_path: Bool
            var chart_final: String?
            var chart_points: Int?
            var live_badge_visible: Bool
            var trade_rows_in_dom: Int
            var hostile_rows_in_dom: Int
            var injected_elements: Int
        }

        struct Phase2: Decodable {
            struct After: Decodable {
                var reconnects: Int?
                var connection_state: String?
            }

            var after: After?
            var webhook_status: Int?
            var trade_count_before: Int
            var trade_count_after: Int?
            var signature_row_present: Bool?
            var first_trade_row_signature: String?
            var elapsed_ms: Int
        }

        var ok: Bool
        var error: String?
        var phase1: Phase1?
        var phase2: Phase2?
        var console_errors: [String]
        var exceptions: [String]
        var dialogs: [[String: String?]]
    }

    static func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        where FileManager.default.isExecutableFile(
            atPath: path)
        {
            return path
        }
        throw Failed(description: "chromium is not installed (scripts/test installs Debian's chromium package)")
    }

    @Test func theDashboardShowsTheRealWalletAndALiveTradeDeliveredByWebhook() async throws {
        let chromium = try Self.chromium()
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        let report = try await CSVImporter(store: store, logger: StoreFixtures.logger).importFile(
            at: SharedData.walletCSV)
        #expect(report.tradesStored == 6_483)
        let wallet = TradeFixtures.realWallet
        // A token whose symbol and venue are markup, newest of the history: shown as text.
        let hostile = Trade(
            signature: "4" + String(repeating: "H", count: 86), slot: 349_850_000, blockTime: 1_751_150_000, leg: 0,
            venue: "<script>alert(2)</script>", side: .buy, sold: .sol(TradeFixtures.amount("1.5")),
            bought: TokenLeg(
                mint: "HosT1Le1111111111111111111111111111111111111", symbol: "<img src=x onerror=alert(1)>",
                amount: TradeFixtures.amount("1000")),
            solAmount: TradeFixtures.amount("1.5"), usdValue: nil)
        #expect(try await store.insert([hostile], wallet: wallet).inserted == 1)
        let summary = try await store.summary(of: wallet)
        // Two new trades at once, for a server that lets a follower lag by one: the page gets
        // LAGGING, reconnects with Last-Event-ID and gets both.
        let signature = "5" + String(repeating: "L", count: 86)
        let body = directory.file("delivery.json")
        try Data(
            SampleDelivery.swaps(
                [
                    .init(signature: "5" + String(repeating: "K", count: 86)),
                    .init(signature: signature, slot: 349_900_100, timestamp: 1_751_200_040),
                ], from: SharedData.realWalletTransactions)
        ).write(to: URL(fileURLWithPath: body))
        // WALLETSTREAM_SCREENSHOT keeps the screenshot (docs/dashboard.png is made this way).
        let screenshot =
            ProcessInfo.processInfo.environment["WALLETSTREAM_SCREENSHOT"] ?? directory.file("dashboard.png")
        let configuration = ServerConfiguration(
            retryMilliseconds: 200, followInterval: nil, followMaxLag: 1, webhookSecret: Self.secret)

        try await TestServer.with(store: store, configuration: configuration) { server in
            let result = try await ExternalProcess.run(
                [
                    "python3", Self.driver, "--chromium", chromium, "--url",
                    server.url("/wallet/\(wallet.rawValue)"), "--expect-trades", "6484", "--require-live",
                    "--webhook-url", server.url("/v4/webhooks/helius"), "--webhook-secret", Self.secret,
                    "--webhook-body", body, "--expect-signature", signature, "--screenshot", screenshot,
                    "--timeout", "60",
                ], in: directory)
            let decoded = try? JSONDecoder().decode(Report.self, from: Data(result.output.utf8))
            guard let page = decoded else {
                throw Failed(
                    description: "driver exited \(result.status): \(result.output.prefix(2000)) \(result.errors)")
            }
            #expect(result.status == 0 && page.ok, "\(page.error ?? "") \(result.errors.suffix(2000))")
            let first = try #require(page.phase1)
            #expect(first.trade_count == 6_484)
            #expect(first.summary["summary-trades"] == "\(summary.trades)")
            #expect(first.summary["summary-buys"] == "\(summary.buys)")
            #expect(first.summary["summary-sells"] == "\(summary.sells)")
            #expect(first.summary["summary-realized-sol"] == summary.realizedPnLSOL.description)
            #expect(first.summary["summary-unique-tokens"] == "\(summary.uniqueTokens)")
            #expect(first.token_rows > 0)
            #expect(first.first_token_mint == summary.bestToken?.mint)
            #expect(first.chart_has_path && (first.chart_points ?? 0) > 10)
            // The chart's FIFO, run in the browser, ends where the server's summary does.
            let final = try #require(first.chart_final.flatMap(Double.init))
            let realized = try #require(Double(summary.realizedPnLSOL.description))
            #expect(abs(final - realized) <= abs(realized) * 0.005, "chart \(final) vs summary \(realized)")
            #expect(first.live_badge_visible)
            #expect(first.hostile_rows_in_dom == 1, "the markup symbol is shown as text")
            #expect(first.injected_elements == 0)
            // Virtualized: a window of rows, not 6,484 of them.
            #expect(first.trade_rows_in_dom > 0 && first.trade_rows_in_dom < 200)

            let second = try #require(page.phase2)
            #expect(second.webhook_status == 200)
            #expect(second.trade_count_after == 6_486)
            #expect((second.after?.reconnects ?? 0) >= 1, "the page reconnected after LAGGING")
            #expect(second.signature_row_present == true)
            #expect(second.first_trade_row_signature == signature, "the live trade is at the top")
            #expect(page.console_errors.isEmpty, "\(page.console_errors)")
            #expect(page.exceptions.isEmpty, "\(page.exceptions)")
            #expect(page.dialogs.isEmpty, "no script of the data ran: \(page.dialogs)")
        }
    }
}
