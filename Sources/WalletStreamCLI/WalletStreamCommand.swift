import ArgumentParser

/// `walletstream`: a Solana wallet's trades and FIFO P&L, as a CLI and an SSE server.
@main
struct WalletStreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walletstream",
        abstract: "A Solana wallet's trade ledger and FIFO P&L, as JSON and as a Server-Sent Events stream.",
        subcommands: [
            ImportCommand.self, DemoCommand.self, AnalyzeCommand.self, TradesCommand.self, WalletsCommand.self,
            ServeCommand.self, KeysCommand.self, StreamCommand.self, SyncCommand.self, SimulateUpstreamCommand.self,
            MigrateStoreCommand.self, BenchCommand.self,
        ]
    )
}
