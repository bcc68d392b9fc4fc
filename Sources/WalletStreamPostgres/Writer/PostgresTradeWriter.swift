import Logging
import PostgresNIO
import WalletStreamCore
import WalletStreamStore

/// Stores trades inside one transaction of ``PostgresTradeStore``: multi-row inserts that skip
/// trades already stored, and, per wallet, the P&L state, the stream's chunks and the wallet's
/// counts brought up to date in the same transaction (see ``PostgresWalletUpkeep``).
struct PostgresTradeWriter {
    /// Trades per multi-row statement: bounds the size of one statement's parameters.
    static let batchSize = 10_000

    let connection: PostgresConnection
    let logger: Logger
    private(set) var counts = InsertCounts()
    private var wallets: [WalletAddress: PostgresWalletUpkeep] = [:]

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Stores `trades` of `wallet` (any order, repeats allowed).
    mutating func add(_ trades: some Collection<Trade>, wallet: WalletAddress) async throws {
        var upkeep = try await upkeep(wallet)
        var trades = ArraySlice(trades)
        while !trades.isEmpty {
            let batch = trades.prefix(Self.batchSize)
            trades = trades.dropFirst(batch.count)
            let new: [Trade]
            if let appended = upkeep.appendable(batch) {
                // After every stored trade, so none can be stored already: copied, not upserted.
                try await Self.copyBatch(appended, walletID: upkeep.walletID, connection: connection, logger: logger)
                new = appended
            } else {
                let inserted = try await Self.insertBatch(
                    batch, walletID: upkeep.walletID, connection: connection, logger: logger)
                new = batch.filter { inserted.contains(TradeIdentity(signature: $0.signature, leg: $0.leg)) }
            }
            counts.inserted += new.count
            counts.alreadyPresent += batch.count - new.count
            guard !new.isEmpty else { continue }
            try await upkeep.stored(new)
        }
        wallets[wallet] = upkeep
    }

    /// Stores a batch from a hand-off: trades grouped by wallet, each wallet's in their order.
    mutating func add(_ batch: TradeHandoff.Batch) async throws {
        var order: [WalletAddress] = []
        var byWallet: [WalletAddress: [Trade]] = [:]
        for (wallet, trade) in batch {
            if byWallet[wallet] == nil { order.append(wallet) }
            byWallet[wallet, default: []].append(trade)
        }
        for wallet in order { try await add(byWallet[wallet] ?? [], wallet: wallet) }
    }

    /// The id of `wallet`, registering it in this transaction when new.
    mutating func walletID(_ wallet: WalletAddress) async throws -> Int64 {
        let upkeep = try await upkeep(wallet)
        wallets[wallet] = upkeep
        return upkeep.walletID
    }

    /// Rebuilds `wallet`'s state and chunks from its stored trades.
    mutating func rebuild(_ wallet: WalletAddress) async throws {
        var upkeep = try await upkeep(wallet)
        upkeep.rebuildAtFinish()
        wallets[wallet] = upkeep
        try await finish()
    }

    /// Brings every written wallet's state up to date; the transaction may commit after this.
    mutating func finish() async throws {
        for (wallet, var upkeep) in wallets {
            counts.replayedTrades += try await upkeep.finish()
            wallets[wallet] = nil
        }
    }

    private func upkeep(_ wallet: WalletAddress) async throws -> PostgresWalletUpkeep {
        if let upkeep = wallets[wallet] { return upkeep }
        let walletID = try await Self.walletID(wallet, connection: connection, logger: logger)
        return try await PostgresWalletUpkeep(
            wallet: wallet, walletID: walletID, connection: connection, logger: logger)
    }
}
