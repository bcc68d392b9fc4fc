import Synchronization
import Testing
import WalletStreamCore
import WalletStreamPostgres
import WalletStreamStore
import WalletStreamTestSupport

/// A sync's commits on one node wake the nodes following it (LISTEN/NOTIFY), for its wallet only.
@Suite(.timeLimit(.minutes(2))) struct SyncNotificationTests {
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    @Test func aCommitOnOneNodeWakesAFollowerOfThatWalletOnAnother() async throws {
        try await TestPostgres.withDatabase { location, clientA in
            try await TestPostgres.withClient(location) { clientB in
                let nodeA = try await StoreFixtures.postgres(location, client: clientA)
                let nodeB = try await StoreFixtures.postgres(location, client: clientB)
                let followed = TradeFixtures.walletA
                let other = TradeFixtures.walletB
                let followedCommitsStarted = Flag()
                let wokenAfterFollowedCommits = try await withThrowingTaskGroup(of: Bool?.self) { group in
                    group.addTask {
                        // A minute without a wake-up fails the test: only the fallback would end it.
                        let woken = try await nodeB.waitForSyncProgress(wallet: followed, upTo: .seconds(60))
                        return woken && followedCommitsStarted.value.load(ordering: .relaxed)
                    }
                    group.addTask {
                        // Commits of another wallet first (they must not wake the follower), then of
                        // the followed one, again and again until the follower has woken (its
                        // LISTEN may start after the first ones).
                        for _ in 0..<5 {
                            try await nodeA.finishSync(wallet: other, at: 1)
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        followedCommitsStarted.value.store(true, ordering: .relaxed)
                        while !Task.isCancelled {
                            try await nodeA.finishSync(wallet: followed, at: 1)
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        return nil
                    }
                    defer { group.cancelAll() }
                    while let result = try await group.next() {
                        if let woken = result { return woken }
                    }
                    return false
                }
                #expect(wokenAfterFollowedCommits)
            }
        }
    }
}
