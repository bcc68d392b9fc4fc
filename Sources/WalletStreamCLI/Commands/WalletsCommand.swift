import ArgumentParser
import WalletStreamCore
import WalletStreamStore

/// `walletstream wallets`: the wallets in the store.
struct WalletsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wallets", abstract: "List the stored wallets with their trade counts and periods.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let wallets = try await store.withStore(mustExist: true, logger: makeLogger()) { try await $0.wallets() }
        guard !wallets.isEmpty else {
            print("no wallets in \(store.shown)")
            return
        }
        for info in wallets {
            print(
                "\(info.wallet)  \(info.trades.grouped) trades  \(info.firstTradeAt ?? "-") → \(info.lastTradeAt ?? "-")"
            )
        }
    }
}
