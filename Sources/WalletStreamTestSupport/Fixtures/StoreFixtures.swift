import Logging
import WalletStreamStore

/// Opens real SQLite stores in temporary directories.
public enum StoreFixtures {
    public static let logger = Logger(label: "walletstream.tests")

    /// A new, empty store file; keep `directory` alive as long as the store.
    public static func sqlite(in directory: TemporaryDirectory, name: String = "test.sqlite") throws -> SQLiteTradeStore
    {
        try SQLiteTradeStore(path: directory.file(name), logger: logger)
    }
}
