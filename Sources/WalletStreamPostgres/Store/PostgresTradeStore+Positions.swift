import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: PositionStore {
    public func positions(of wallet: WalletAddress, mints: [String]) async throws -> [TokenPosition] {
        guard !mints.isEmpty else { return [] }
        let logger = self.logger
        return try await withConnection { connection in
            var walletID: Int64?
            for try await id in try await connection.collect(
                "SELECT id FROM wallets WHERE address = \(wallet.rawValue)", logger: logger
            ).decode(Int64.self) {
                walletID = id
            }
            guard let walletID else { return [] }
            return try await PostgresPnLRows.loadPositions(
                walletID: walletID, mints: Array(Set(mints)), connection: connection, logger: logger)
        }
    }
}
