import AsyncHTTPClient
import Testing
import WalletStreamCore
import WalletStreamSimulator
import WalletStreamStore
import WalletStreamTestSupport

@testable import WalletStreamUpstream

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

/// The sync queue takes turns between clients.
@Suite struct FairQueueTests {
    @Test func clientsTakeTurnsAndEachKeepsItsOrder() {
        var queue = FairQueue<String>()
        for wallet in ["a1", "a2", "a3"] { queue.append(wallet, client: "alice") }
        queue.append("b1", client: "bob")
        queue.append("c1", client: "carol")
        queue.append("b2", client: "bob")
        #expect(queue.inServiceOrder == ["a1", "b1", "c1", "a2", "b2", "a3"])
        #expect(queue.count == 6)
        #expect(queue.popFirst() == "a1")
        // Alice has had her turn: what she adds waits behind the others, and behind her own.
        queue.append("a4", client: "alice")
        #expect(queue.inServiceOrder == ["b1", "c1", "a2", "b2", "a3", "a4"])
        var drained: [String] = []
        while let next = queue.popFirst() { drained.append(next) }
        #expect(drained == ["b1", "c1", "a2", "b2", "a3", "a4"])
        #expect(queue.isEmpty && queue.popFirst() == nil)
    }
}
