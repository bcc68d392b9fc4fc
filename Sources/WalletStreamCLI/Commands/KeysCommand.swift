import ArgumentParser
import Foundation
import WalletStreamServer
import WalletStreamStore

/// `walletstream keys create|list|revoke`: the server's API keys, kept in its database as
/// hashes.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys (for `serve --auth required`).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once; only its hash is stored.")

        @Option(help: "A name to recognize the key by (unique among live keys).") var name: String
        @Option(help: "Requests per second (default: the server's --rate-limit).") var rps: Double?
        @Option(help: "Streams open at once (default: the server's --max-client-streams).") var streams: Int?
        @Option(help: "On-demand chain syncs per hour (default: the server's --syncs-per-hour).")
        var syncsPerHour: Int?
        @OptionGroup var store: StoreOptions

        func validate() throws {
            guard !name.isEmpty, name.count <= 64 else { throw ValidationError("--name must be 1 to 64 characters") }
            if let rps, rps <= 0 { throw ValidationError("--rps must be positive") }
            if let streams, streams <= 0 { throw ValidationError("--streams must be positive") }
            if let syncsPerHour, syncsPerHour < 0 { throw ValidationError("--syncs-per-hour must not be negative") }
        }

        func run() async throws {
            try await store.withStore(mustExist: false, logger: makeLogger()) { keys in
                let made = APIKeyFactory.generate()
                let record = try await keys.createAPIKey(
                    name: name, prefix: made.prefix, hash: made.hash,
                    limits: APIKeyLimits(requestsPerSecond: rps, maxStreams: streams, syncsPerHour: syncsPerHour),
                    at: Int64(Date().timeIntervalSince1970))
                printUnbuffered(made.key)
                StandardError.emit(
                    "created key '\(record.name)' (prefix \(record.prefix)); it is shown only this once\n")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: prefix, name, limits, state.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let keys = try await store.withStore(mustExist: true, logger: makeLogger()) { try await $0.apiKeys() }
            var lines = ["prefix    name                 rps     streams  syncs/h  created               state"]
            for key in keys {
                let created = Date(timeIntervalSince1970: TimeInterval(key.createdAt))
                    .formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
                lines.append(
                    [
                        key.prefix.padding(toLength: 10, withPad: " ", startingAt: 0),
                        String(key.name.prefix(20)).padding(toLength: 21, withPad: " ", startingAt: 0),
                        (key.limits.requestsPerSecond.map { "\($0)" } ?? "-").padding(
                            toLength: 8, withPad: " ", startingAt: 0),
                        (key.limits.maxStreams.map { "\($0)" } ?? "-").padding(
                            toLength: 9, withPad: " ", startingAt: 0),
                        (key.limits.syncsPerHour.map { "\($0)" } ?? "-").padding(
                            toLength: 9, withPad: " ", startingAt: 0),
                        created.padding(toLength: 22, withPad: " ", startingAt: 0),
                        key.revokedAt == nil ? "live" : "revoked",
                    ].joined())
            }
            printUnbuffered(lines.joined(separator: "\n"))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a live key by name or prefix; a running server refuses it within a second.")
        @Argument(help: "The key's name or prefix.") var key: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withStore(mustExist: true, logger: makeLogger()) { store in
                guard try await store.revokeAPIKey(key, at: Int64(Date().timeIntervalSince1970)) else {
                    throw ValidationError("no live key named or prefixed '\(key)'")
                }
                StandardError.emit("revoked '\(key)'\n")
            }
        }
    }
}
