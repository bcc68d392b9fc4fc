import AsyncHTTPClient
import Testing
import WalletStreamCore
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport
import WalletStreamUpstream

@Suite(.timeLimit(.minutes(2))) struct WalletSyncTests {
    @Test func coldSyncStoresExactlyTheSimulatedLedger() async throws {
        try await UpstreamSimulator.withRunning(UpstreamSimulatorConfiguration(walletTrades: 400)) { simulator, base in
            let directory = TemporaryDirectory()
            let fixture = try SyncFixture(simulatorURL: base, directory: directory)
            let wallet = try WalletAddress(validating: simulator.demoWallet)
            let report = try await fixture.syncer.sync(wallet)
            let stored = try await fixture.storedTrades(wallet).map(LedgerEntry.init)
            let expected = simulator.expectedTrades(wallet: wallet.rawValue).map(LedgerEntry.init)
            #expect(Set(stored).count == stored.count, "no duplicates")
            let missing = Set(expected).subtracting(stored)
            let extra = Set(stored).subtracting(expected)
            #expect(missing.isEmpty, "missing \(missing.prefix(5))")
            #expect(extra.isEmpty, "extra \(extra.prefix(5))")
            #expect(report.tradesStored == expected.count)
            #expect(report.skipped["failed", default: 0] > 0)
        }
    }
}
