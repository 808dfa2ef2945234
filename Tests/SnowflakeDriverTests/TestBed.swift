import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import NIOCore
import NIOHTTP1
import SnowflakeDriver
import SwitchyardCore
import TestProcesses
import Testing

/// fakesnow behind the recording proxy, with the test key pair, as `scripts/test-emulators env`
/// names them. A missing variable fails the tests: they are never skipped.
struct TestBed {
    let url: String
    let account: String
    let user: String
    let database: String
    let schema: String
    let keyFile: String
    let encryptedKeyFile: String
    let passphrase: String
    let python: String
    let client: HTTPClient

    static func with<T>(_ body: (TestBed) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        func required(_ name: String) throws -> String {
            try #require(environment["SWITCHYARD_TEST_SNOWFLAKE_" + name], "SWITCHYARD_TEST_SNOWFLAKE_\(name) is not set: run scripts/test-emulators start")
        }
        let bed = TestBed(
            url: try required("URL"), account: try required("ACCOUNT"), user: try required("USER"),
            database: try required("DATABASE"), schema: try required("SCHEMA"), keyFile: try required("KEY_FILE"),
            encryptedKeyFile: try required("ENCRYPTED_KEY_FILE"),
            passphrase: try String(contentsOfFile: try required("PASSPHRASE_FILE"), encoding: .utf8)
                .trimmingCharacters(in: .newlines),
            python: try required("PYTHON"), client: HTTPClient(configuration: HTTPClientDefaults.configuration()))
        do {
            let result = try await body(bed)
            try await bed.client.shutdown()
            return result
        } catch {
            try? await bed.client.shutdown()
            throw error
        }
    }

    func settings(_ fields: [String: Any] = ["password": "test-password"]) throws -> SnowflakeSettings {
        var object: [String: Any] = ["account": account, "username": user, "database": database, "schema": schema]
        object.merge(fields) { $1 }
        return try JSONDecoder().decode(SnowflakeSettings.self, from: JSONSerialization.data(withJSONObject: object))
    }

    func driver(_ settings: SnowflakeSettings? = nil, url: String? = nil) throws -> SnowflakeDriver {
        try SnowflakeDriver(settings: settings ?? self.settings(), secrets: [], client: client, overrideURL: url ?? self.url)
    }

    func key(encrypted: Bool = false) throws -> String {
        try String(contentsOfFile: encrypted ? encryptedKeyFile : keyFile, encoding: .utf8)
    }

    /// Every request the proxy recorded since its last reset: method, path, headers, body.
    func requests(_ pathPrefix: String = "") async throws -> [[String: Any]] {
        let all = try #require(try await admin(.GET, "/_proxy/requests")["requests"] as? [[String: Any]])
        return all.filter { ($0["path"] as? String)?.hasPrefix(pathPrefix) == true }
    }

    /// The recorded request's JSON body.
    static func body(_ request: [String: Any]) throws -> [String: Any] {
        let text = try #require(request["body"] as? String)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func reset() async throws { _ = try await admin(.POST, "/_proxy/reset", body: "{}") }

    /// Makes the proxy answer the next request under `path` itself with `body`.
    func answerNext(_ path: String, status: Int = 200, body: [String: Any]) async throws {
        let rule: [String: Any] = ["answer_next": 1, "answer_path": path, "answer_status": status, "answer_body": body]
        _ = try await admin(.POST, "/_proxy/config", body: String(decoding: try JSONSerialization.data(withJSONObject: rule), as: UTF8.self))
    }

    /// Makes the proxy hold the next request under `path` for `seconds` before forwarding it.
    func delayNext(_ path: String, seconds: Double) async throws {
        _ = try await admin(.POST, "/_proxy/config", body: #"{"delay_next": 1, "delay_path": "\#(path)", "delay_seconds": \#(seconds)}"#)
    }

    /// Verifies `jwt` with the key's public half and the claims the official connector makes
    /// for this account and user (Tests/Emulators/snowflake/snowflake_jwt.py); the decoded
    /// header and claims, or nil when the check failed.
    func verifiedByConnector(_ jwt: String, keyFile: String) async throws -> [String: Any]? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Emulators/snowflake/snowflake_jwt.py").path
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID().uuidString)")
        try Data(jwt.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        var command = "exec \"$0\" \"$1\" --verify --key-file \"$2\" --account \"$3\" --user \"$4\""
        if keyFile == encryptedKeyFile { command += " --passphrase-file \"$6\"" }
        let passphraseFile = ProcessInfo.processInfo.environment["SWITCHYARD_TEST_SNOWFLAKE_PASSPHRASE_FILE"] ?? ""
        let output = try await ChildProcess.output(
            "/bin/sh", ["-c", command + " < \"$5\"", python, script, keyFile, account, user, input.path, passphraseFile])
        return try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    }

    private func admin(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 256 << 20)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView)) as? [String: Any])
    }
}

/// Every test against the emulator, one at a time: they read and reset the proxy's records.
@Suite(.serialized) struct EmulatorTests {}
