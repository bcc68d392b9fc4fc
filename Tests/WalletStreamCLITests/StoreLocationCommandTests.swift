import Foundation
import Testing
import WalletStreamTestSupport

/// `--db` and `WALLETSTREAM_DB` with a PostgreSQL URL, run as a process: until the PostgreSQL
/// store is served, a clear error and exit code 1, the password never printed, and no SQLite
/// file made from the URL.
@Suite(.timeLimit(.minutes(1))) struct StoreLocationCommandTests {
    @Test func aPostgreSQLURLIsRefusedClearlyWithoutItsPassword() throws {
        let directory = TemporaryDirectory()
        let result = try WalletStreamProcess.run(
            ["wallets", "--db", "postgres://ws:hunter2@db.internal/ledger"], in: directory.path)
        #expect(result.status == 1)
        #expect(result.error.contains("postgres://ws:***@db.internal:5432/ledger"), "\(result.error)")
        #expect(result.error.contains("not available"))
        #expect(!result.error.contains("hunter2"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func aBadURLNamesWhatIsWrong() throws {
        let result = try WalletStreamProcess.run(["wallets", "--db", "postgresql://ws:hunter2@db.internal/"])
        #expect(result.status == 1)
        #expect(result.error.contains("no database name"), "\(result.error)")
        #expect(!result.error.contains("hunter2"))
    }
}
