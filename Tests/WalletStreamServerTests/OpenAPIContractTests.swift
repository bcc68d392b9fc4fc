import AsyncHTTPClient
import Foundation
import Testing
import WalletStreamCore
import WalletStreamIngest
import WalletStreamServer
import WalletStreamStore
import WalletStreamTestSupport

/// The OpenAPI document (`docs/openapi.json`, served at `/openapi.json`) against the real server.
@Suite(.timeLimit(.minutes(5))) struct OpenAPIContractTests {
    static let document: URL = {
        var components = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return URL(fileURLWithPath: components.joined(separator: "/") + "/docs/openapi.json")
    }()

    static func json(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test func theServedDocumentIsTheOneInDocsAndNamesEveryErrorCode() async throws {
        let seeded = try await SeededStore.demo(count: 3)
        let inDocs = try Self.json(try Data(contentsOf: Self.document))
        try await TestServer.with(store: seeded.store) { server in
            let response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: server.url("/openapi.json")), timeout: .seconds(30))
            #expect(response.status == .ok)
            let served = try Self.json(Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
            #expect(served == inDocs, "run scripts/embed-openapi after editing docs/openapi.json")
        }
        let schemas = try #require((inDocs["components"] as? NSDictionary)?["schemas"] as? NSDictionary)
        let errorBody = try #require(schemas["ErrorBody"] as? NSDictionary)
        let code = try #require((errorBody["properties"] as? NSDictionary)?["code"] as? NSDictionary)
        let documented = Set(try #require(code["enum"] as? [String]))
        #expect(documented == Set(WalletStreamError.Code.allCases.map(\.rawValue)))
    }

    @Test func schemathesisFindsNoServerErrorAndNoSchemaViolation() async throws {
        // The demo wallet the document's examples name, and a key: the fuzzer runs as a client of
        // a server that requires keys, with limits it will not reach.
        let directory = TemporaryDirectory()
        let store = try StoreFixtures.sqlite(in: directory)
        _ = try await DemoSeeder(store: store, logger: StoreFixtures.logger).seed(seed: 42, count: 300)
        let made = APIKeyFactory.generate()
        _ = try await store.createAPIKey(
            name: "fuzzer", prefix: made.prefix, hash: made.hash,
            limits: APIKeyLimits(requestsPerSecond: 100_000, maxStreams: 64, syncsPerHour: 0), at: 0)
        var configuration = ServerConfiguration()
        configuration.auth = .required
        // The webhook is on, with the fuzzer's Authorization header as its secret: its bodies are
        // fuzzed too, past the secret check.
        configuration.webhookSecret = "Bearer \(made.key)"
        try await TestServer.with(
            store: store, configuration: configuration, keys: store, metrics: TestMetrics.registry
        ) {
            server in
            let result = try await ExternalProcess.run(
                [
                    "python3", "-c",
                    "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'st'; sys.exit(schemathesis())",
                    "run", server.url("/openapi.json"), "--header", "Authorization: Bearer \(made.key)",
                    "--checks", "all", "--exclude-checks",
                    // Stateful and authorization-model checks need links and users this API does not have.
                    "use_after_free,ensure_resource_availability,ignored_auth,object_level_authorization,positive_data_acceptance",
                    "--max-examples", "40", "--workers", "1", "--seed", "20261203",
                ], in: directory)
            let summary = result.output.split(separator: "\n").suffix(40).joined(separator: "\n")
            #expect(
                result.status == 0,
                "schemathesis exited with \(result.status):\n\(summary)\n\(result.errors.suffix(2000))")
            #expect(result.output.contains("No issues found"), "\(summary)")
        }
    }
}
