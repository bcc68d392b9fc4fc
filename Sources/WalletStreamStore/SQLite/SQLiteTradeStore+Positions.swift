import GRDB
import WalletStreamCore

extension SQLiteTradeStore: PositionStore {
    public func positions(of wallet: WalletAddress, mints: [String]) async throws -> [TokenPosition] {
        guard !mints.isEmpty, let walletID = try await walletID(wallet) else { return [] }
        return try await read { db in
            try Set(mints).compactMap { try SQLitePnLState.loadPosition(walletID: walletID, mint: $0, db: db) }
        }
    }
}
