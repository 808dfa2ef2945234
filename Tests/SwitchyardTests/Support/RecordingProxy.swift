import Foundation
import Testing

/// The recording proxy in front of an emulator (Tests/Emulators/logging_proxy.py), named by
/// the environment variable that `scripts/test-emulators env` sets to its URL.
struct RecordingProxy {
    let url: String

    init(_ variable: String) throws {
        url = try #require(ProcessInfo.processInfo.environment[variable], "\(variable) is not set: run scripts/test-emulators start")
    }

    /// Every request it has seen: method, path (with the query), lower-cased headers, body, status.
    func requests() async throws -> [[String: Any]] {
        try #require(try await admin("GET", "/_proxy/requests")["requests"] as? [[String: Any]])
    }

    /// Adds a rule (a failure, an answer or a delay still to come); see logging_proxy.py.
    func configure(_ json: String) async throws {
        _ = try await admin("POST", "/_proxy/config", json)
    }

    private func admin(_ method: String, _ path: String, _ json: String? = nil) async throws -> [String: Any] {
        var arguments = ["-s", "--max-time", "5", "-X", method, url + path]
        if let json { arguments += ["--data", json] }
        return try #require(try JSONSerialization.jsonObject(with: Data(try await Curl.output(arguments).utf8)) as? [String: Any])
    }
}
