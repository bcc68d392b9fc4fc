import Logging
import NIOCore
import PostgresNIO
import Synchronization
import WalletStreamCore

extension PostgresTradeStore {
    /// Runs `body` on a pooled connection, mapping failures to ``WalletStreamError``s. Waiting
    /// longer than ``connectionWait`` for the connection cancels the wait.
    @discardableResult
    func withConnection<T: Sendable>(
        wait: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let wait = wait ?? connectionWait
        let leased = LeaseFlag()
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    try await self.client.withConnection { connection in
                        leased.value.store(true, ordering: .relaxed)
                        return try await StatementDeadline.$timeout.withValue(self.statementDeadline) {
                            try await body(connection)
                        }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: wait)
                    guard leased.value.load(ordering: .relaxed) else { throw ConnectionWaitExpired() }
                    return nil
                }
                while let result = try await group.next() {
                    guard let result else { continue }
                    group.cancelAll()
                    return result
                }
                throw CancellationError()
            }
        } catch {
            throw storeError(error)
        }
    }

    /// ``withConnection(_:)`` inside one transaction: committed when `body` returns, rolled back
    /// when it throws.
    @discardableResult
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T)
        async throws -> T
    {
        try await withConnection { connection in
            try await connection.withTransaction(logger: self.logger) { try await body($0) }
        }
    }

    struct ConnectionWaitExpired: Error {}

    /// Set once the pool has handed out the connection.
    final class LeaseFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    /// What callers see of a failure: cancellation stays cancellation, our own errors pass
    /// through, and database failures become `STORE_UNAVAILABLE` without their details (logged).
    func storeError(_ error: any Error) -> any Error {
        if error is CancellationError || error is WalletStreamError { return error }
        if let transaction = error as? PostgresTransactionError {
            // What failed inside the transaction, not the wrapper (a rollback error only hides it).
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return storeError(inner)
            }
        }
        if error is StatementDeadline.Expired {
            return WalletStreamError(
                code: .storeUnavailable, message: "the trade store's database did not answer in time",
                retryAfter: .seconds(1))
        }
        if error is ConnectionWaitExpired {
            return WalletStreamError(
                code: .storeUnavailable,
                message: "the trade store is busy or unreachable: no database connection in time",
                retryAfter: .seconds(1))
        }
        guard let error = error as? PSQLError else {
            // A producer's own failure (an import's bad file) passes as it is; a failure of the
            // network under the driver is the database being unreachable.
            guard error is ChannelError || error is IOError else { return error }
            logger.warning("store failure", metadata: ["store": "\(location)", "error": "\(error)"])
            return WalletStreamError(
                code: .storeUnavailable, message: "the trade store's database is unreachable", underlying: error,
                retryAfter: .seconds(1))
        }
        let transient: Bool
        var message = "the trade store failed; see the server log"
        logger.warning(
            "store failure",
            metadata: [
                "store": "\(location)", "code": "\(error.code)", "sqlstate": "\(error.serverInfo?[.sqlState] ?? "")",
                "detail": "\(error.serverInfo?[.message] ?? "")",
            ])
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            transient = true
            message = "the trade store's database is unreachable"
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            // Class 57 (operator intervention: shutdown, cancel, statement timeout) and 08
            // (connection) pass; anything else is a real failure.
            transient = state.hasPrefix("57") || state.hasPrefix("08")
            if state == "57014" { message = "a store query ran past its statement timeout" }
        default:
            transient = false
        }
        return WalletStreamError(
            code: .storeUnavailable, message: message, underlying: error, retryAfter: transient ? .seconds(1) : nil)
    }
}
