import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchyardCore
import HTTPDriverKit
import Testing
@testable import TrinoDriver

/// The Trino protocol emulator these tests run against (Tests/Emulators/trino), found through
/// `SWITCHYARD_TEST_TRINO_URL`. A missing variable fails the tests: they are never skipped.
struct Emulator {
    let server: String
    let port: Int
    let client: HTTPClient

    /// Runs `body` with the emulator and an HTTP client set up as the server sets up its own,
    /// shut down afterwards.
    static func with<T>(_ body: (Emulator) async throws -> T) async throws -> T {
        let variable = "SWITCHYARD_TEST_TRINO_URL"
        let text = try #require(ProcessInfo.processInfo.environment[variable], "\(variable) is not set: start the Trino emulator")
        let url = try #require(URL(string: text))
        let emulator = Emulator(
            server: "\(url.scheme ?? "http")://\(url.host ?? "127.0.0.1")", port: try #require(url.port),
            client: HTTPClient(configuration: HTTPClientDefaults.configuration()))
        do {
            let result = try await body(emulator)
            try await emulator.client.shutdown()
            return result
        } catch {
            try? await emulator.client.shutdown()
            throw error
        }
    }

    /// A user name of its own, which tells one test's requests apart in the emulator's log.
    static func uniqueUser() -> String { "test-\(UUID().uuidString.prefix(8).lowercased())" }

    /// Settings for the emulator's catalog `memory`, schema `sales`, with `fields` on top.
    func settings(_ fields: [String: Any] = [:]) throws -> TrinoSettings {
        var object: [String: Any] = ["server": server, "port": port, "catalog": "memory", "schema": "sales", "user": Self.uniqueUser()]
        object.merge(fields) { $1 }
        return try Self.settings(object)
    }

    static func settings(_ object: [String: Any]) throws -> TrinoSettings {
        try JSONDecoder().decode(TrinoSettings.self, from: JSONSerialization.data(withJSONObject: object.filter { !($0.value is NSNull) }))
    }

    func driver(_ settings: TrinoSettings) throws -> TrinoDriver {
        try TrinoDriver(settings: settings, secrets: [], client: client)
    }

    /// Every request the emulator received from `user`: method, path, lower-cased headers.
    func requests(of user: String) async throws -> [[String: Any]] {
        let log = try await admin(.GET, "/_emulator/requests")
        let requests = try #require(log["requests"] as? [[String: Any]])
        return requests.filter { ($0["headers"] as? [String: String])?["x-trino-user"] == user }
    }

    /// The emulator's record of `user`'s queries: sql, state, cancelled.
    func queries(of user: String) async throws -> [[String: Any]] {
        let log = try await admin(.GET, "/_emulator/requests")
        let queries = try #require(log["queries"] as? [String: [String: Any]])
        return queries.values.filter { $0["user"] as? String == user }
    }

    /// Changes the emulator's page size or injected failures.
    func configure(_ settings: [String: Any]) async throws {
        _ = try await admin(.POST, "/_emulator/config", body: JSONSerialization.data(withJSONObject: settings))
    }

    private func admin(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: "\(server):\(port)\(path)")
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any])
    }

    /// Asks `check` again every 50 ms until it holds or `limit` passes.
    func eventually(within limit: Duration = .seconds(5), _ check: () async throws -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if try await check() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await check()
    }
}

/// Every emulator test, one at a time: some change the emulator's page size or inject failures.
@Suite(.serialized) struct EmulatorTests {}
