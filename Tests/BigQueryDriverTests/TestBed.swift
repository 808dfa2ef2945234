import AsyncHTTPClient
import BigQueryDriver
import Foundation
import HTTPDriverKit
import NIOCore
import NIOHTTP1
import SwitchyardCore
import Testing

/// bqemulator behind its recording proxy, and the token endpoint that checks every signed
/// assertion, as `scripts/test-emulators env` names them. A missing variable fails the tests:
/// they are never skipped.
struct TestBed {
    /// The recording proxy in front of bqemulator: the API URL the driver is given.
    let apiURL: String
    let tokenURL: String
    let project: String
    let keyJSON: String
    let client: HTTPClient

    static func with<T>(_ body: (TestBed) async throws -> T) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        func required(_ name: String) throws -> String {
            try #require(environment[name], "\(name) is not set: run scripts/test-emulators start")
        }
        let bed = TestBed(
            apiURL: try required("SWITCHYARD_TEST_BIGQUERY_URL"), tokenURL: try required("SWITCHYARD_TEST_BIGQUERY_TOKEN_URL"),
            project: try required("SWITCHYARD_TEST_BIGQUERY_PROJECT"),
            keyJSON: try String(contentsOfFile: try required("SWITCHYARD_TEST_BIGQUERY_KEY_FILE"), encoding: .utf8),
            client: HTTPClient(configuration: HTTPClientDefaults.configuration()))
        do {
            let result = try await body(bed)
            try await bed.client.shutdown()
            return result
        } catch {
            try? await bed.client.shutdown()
            throw error
        }
    }

    /// Settings with the test key, for the emulator's project, with `fields` on top.
    func settings(_ fields: [String: Any] = [:]) throws -> BigQuerySettings {
        var object: [String: Any] = ["defaultProjectId": project, "serviceAccountKeyJson": keyJSON]
        object.merge(fields) { $1 }
        return try JSONDecoder().decode(BigQuerySettings.self, from: JSONSerialization.data(withJSONObject: object))
    }

    func driver(_ settings: BigQuerySettings? = nil, apiURL: String? = nil, pageRows: Int = 10_000) throws -> BigQueryDriver {
        try BigQueryDriver(
            settings: settings ?? self.settings(), secrets: [keyJSON], client: client, apiURL: apiURL ?? self.apiURL,
            pageRows: pageRows, requestTimeout: .seconds(30))
    }

    /// The key with `member` replaced.
    func key(replacing member: String, with value: String) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(keyJSON.utf8)) as? [String: Any])
        object[member] = value
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// Every API request the proxy recorded since its last reset: method, path, headers, body.
    func apiRequests() async throws -> [[String: Any]] {
        try #require(try await admin(.GET, apiURL + "/_proxy/requests")["requests"] as? [[String: Any]])
    }

    /// Every login the token endpoint received since its last reset.
    func logins() async throws -> [[String: Any]] {
        try #require(try await admin(.GET, tokenBase + "/_token/requests")["requests"] as? [[String: Any]])
    }

    func resetRecords() async throws {
        _ = try await admin(.POST, apiURL + "/_proxy/reset", body: "{}")
        _ = try await admin(.POST, tokenBase + "/_token/reset", body: "{}")
    }

    /// Makes the proxy answer the next `count` API requests with `status` and `reason`.
    func injectFailures(_ count: Int, status: Int, reason: String) async throws {
        let settings = #"{"fail_next": \#(count), "fail_status": \#(status), "fail_reason": "\#(reason)"}"#
        _ = try await admin(.POST, apiURL + "/_proxy/config", body: settings)
    }

    /// The id of the job whose SQL contains `marker`, from the recorded `jobs.insert`.
    func jobID(ofStatementContaining marker: String) async throws -> String? {
        for request in try await apiRequests() where request["method"] as? String == "POST" {
            guard let body = request["body"] as? String, body.contains(marker),
                let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let reference = object["jobReference"] as? [String: Any]
            else { continue }
            return reference["jobId"] as? String
        }
        return nil
    }

    private var tokenBase: String { String(tokenURL[..<(tokenURL.lastIndex(of: "/") ?? tokenURL.endIndex)]) }

    private func admin(_ method: HTTPMethod, _ url: String, body: String? = nil) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 256 << 20)
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

/// Every test against the emulator, one at a time: they read and reset the shared records.
@Suite(.serialized) struct EmulatorTests {}
