import ArgumentParser
import Foundation
import WalletStreamCore
import WalletStreamUpstream

/// `walletstream sync ADDRESS`: fetch a wallet's history from the chain into the store.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch a wallet's history from Solana RPC + Helius into the store (API key from $HELIUS_API_KEY).",
        discussion: """
            The first sync lists every signature, then fetches the transactions oldest first. Progress is \
            checkpointed in the store: an interrupted sync resumes where it stopped, and a later sync \
            fetches only signatures newer than the newest stored one.
            """)

    @Argument(help: "Wallet address (base58).") var address: String
    @Flag(
        help: """
            Do not fetch history: give the wallet's stored trades the token symbols and USD values \
            they lack (symbols from getAssetBatch; values with --price-url), then rebuild its P&L.
            """) var backfillPrices = false
    @OptionGroup var upstream: UpstreamOptions
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let wallet = try parseWallet(address)
        let logger = makeLogger()
        try await store.withStore(mustExist: false, logger: logger) { trades in
            let http = upstream.makeHTTPClient()
            let client = UpstreamClient(http: http, configuration: upstream.configuration, logger: logger)
            let syncer = WalletSyncer(store: trades, client: client, logger: logger)
            let bar = SharedProgressBar(unit: "transactions")
            let outcome: Result<SyncReport, any Error>
            do {
                if backfillPrices {
                    guard try await trades.lookup(wallet: wallet) != nil else {
                        throw WalletStreamError(
                            code: .notFound, message: "\(wallet) has no stored trades to backfill; sync it first")
                    }
                    if upstream.priceURL == nil {
                        printUnbuffered("no --price-url: filling in symbols only, USD values stay as stored")
                    }
                    outcome = .success(try await syncer.backfill(wallet))
                } else {
                    outcome = .success(
                        try await syncer.sync(wallet) { progress in
                            let total = progress.transactionsFetched + progress.transactionsPending
                            if progress.step != .listingSignatures {
                                bar.update(done: progress.transactionsFetched, total: total)
                            }
                        })
                }
            } catch var error as WalletStreamError {
                // The operator runs this: the cause (a rejected key, say) belongs in the message.
                if let cause = error.underlying { error.message += ": \(cause)" }
                outcome = .failure(error)
            } catch {
                outcome = .failure(error)
            }
            bar.finish()
            try await http.shutdown()
            let report = try outcome.get()
            print(backfillPrices ? report.backfillLine : report.summaryLine)
        }
    }
}
