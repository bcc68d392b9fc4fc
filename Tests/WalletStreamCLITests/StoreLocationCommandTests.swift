import Foundation
import Testing
import WalletStreamTestSupport

/// `--db` with a PostgreSQL URL, run as a process: the commands work on the test server and
/// give what they give on SQLite; an unreachable server is one clear line and exit code 1, the
/// password never printed, and no SQLite file made from the URL.
@Suite(.timeLimit(.minutes(2))) struct StoreLocationCommandTests {
    @Test func anUnreachableServerIsOneClearLineWithoutThePassword() throws {
        let directory = TemporaryDirectory()
        let result = try WalletStreamProcess.run(
            ["wallets", "--db", "postgres://ws:hunter2@127.0.0.1:1/ledger?sslmode=disable", "--db-wait", "1"],
            in: directory.path)
        #expect(result.status == 1)
        #expect(result.error.contains("cannot reach the PostgreSQL database"), "\(result.error)")
        #expect(result.error.contains("postgres://ws:***@127.0.0.1:1/ledger"), "\(result.error)")
        #expect(result.error.split(separator: "\n").count == 1, "\(result.error)")
        #expect(!result.error.contains("hunter2"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func importAndAnalyzeOnPostgreSQLMatchSQLite() async throws {
        try await TestPostgres.withDatabase { location, _ in
            let directory = TemporaryDirectory()
            let sqlite = directory.file("cmp.sqlite")
            let url = TestPostgres.url(location)
            let csv = SharedData.walletCSV
            for db in [url, sqlite] {
                let imported = try WalletStreamProcess.run(["import", csv, "--db", db])
                #expect(imported.status == 0, "\(imported.error)")
                #expect(imported.text.contains("imported 6,483 trades"), "\(imported.text)")
            }
            let again = try WalletStreamProcess.run(["import", csv, "--db", url])
            #expect(again.text.contains("imported 0 trades (6,483 already present)"), "\(again.text)")
            for command in [
                ["wallets"], ["analyze", "3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2", "--format", "json"],
            ] {
                let onPostgres = try WalletStreamProcess.run(command + ["--db", url])
                let onSQLite = try WalletStreamProcess.run(command + ["--db", sqlite])
                #expect(onPostgres.status == 0 && !onPostgres.output.isEmpty, "\(onPostgres.error)")
                #expect(onPostgres.output == onSQLite.output, "\(command)")
            }
        }
    }

    @Test func aBadURLNamesWhatIsWrong() throws {
        let result = try WalletStreamProcess.run(["wallets", "--db", "postgresql://ws:hunter2@db.internal/"])
        #expect(result.status == 1)
        #expect(result.error.contains("no database name"), "\(result.error)")
        #expect(!result.error.contains("hunter2"))
    }

    @Test func migrateStoreCopiesASQLiteStoreAndCanRunAgain() async throws {
        try await TestPostgres.withDatabase { location, _ in
            let directory = TemporaryDirectory()
            let sqlite = directory.file("old.sqlite")
            let url = TestPostgres.url(location)
            #expect(try WalletStreamProcess.run(["import", SharedData.walletCSV, "--db", sqlite]).status == 0)
            let copied = try WalletStreamProcess.run(["migrate-store", "--from", sqlite, "--to", url])
            #expect(copied.status == 0, "\(copied.error)")
            #expect(copied.text.contains("copied 1 wallets"), "\(copied.text)")
            #expect(copied.text.contains("6,483 trades (0 already there)"), "\(copied.text)")
            let again = try WalletStreamProcess.run(["migrate-store", "--from", sqlite, "--to", url])
            #expect(again.text.contains("0 trades (6,483 already there)"), "\(again.text)")
            for command in [["wallets"], ["analyze", "3JoVBiQEA2QKsq7TzW5ez5jVRtbbYgTNijoZzp5qgkr2"]] {
                let onPostgres = try WalletStreamProcess.run(command + ["--db", url])
                let onSQLite = try WalletStreamProcess.run(command + ["--db", sqlite])
                #expect(onPostgres.status == 0 && !onPostgres.output.isEmpty, "\(onPostgres.error)")
                #expect(onPostgres.output == onSQLite.output, "\(command)")
            }
            let wrongWay = try WalletStreamProcess.run(["migrate-store", "--from", url, "--to", sqlite])
            #expect(wrongWay.status != 0 && wrongWay.error.contains("--from takes a SQLite file path"))
        }
    }
}
