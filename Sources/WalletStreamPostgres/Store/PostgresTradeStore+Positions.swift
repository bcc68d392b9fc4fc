import PostgresNIO
import WalletStreamCore
import WalletStreamStore

extension PostgresTradeStore: PositionStore {
    public func positions(of wallet: WalletAddress, mints: [String]) async throws -> [TokenPosition] {
        guard !mints.isEmpty else { return [] }
        let logger = self.logger
        return try await withConnection { connection in
            guard let walletID = try await Self.walletID(of: wallet, connection: connection, logger: logger) else {
                return []
            }
            return try await PostgresPnLRows.loadPositions(
                walletID: walletID, mints: Array(Set(mints)), connection: connection, logger: logger)
        }
    }
}
