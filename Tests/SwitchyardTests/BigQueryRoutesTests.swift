import Foundation
import Testing

/// A bigquery connection through the HTTP API, against bqemulator behind its recording proxy
/// and the token endpoint that verifies every signed login (`scripts/test-emulators env`
/// names them; a missing variable fails the test).
@Suite(.serialized) struct BigQueryRoutesTests {
    let base = "/api/v0/projects/p/connections/bq"

    private func environment(_ name: String) throws -> String {
        try #require(ProcessInfo.processInfo.environment[name], "\(name) is not set: run scripts/test-emulators start")
    }

    private func keyJSON(replacing member: String? = nil, with value: String = "") throws -> String {
        let text = try String(contentsOfFile: try environment("SWITCHYARD_TEST_BIGQUERY_KEY_FILE"), encoding: .utf8)
        guard let member else { return text }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        object[member] = value
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    private func connectionBody(key: String? = nil) throws -> String {
        Fixtures.json([
            "bigqueryConnection": [
                "defaultProjectId": try environment("SWITCHYARD_TEST_BIGQUERY_PROJECT"),
                "serviceAccountKeyJson": try key ?? keyJSON(),
            ]
        ])
    }

    /// A server whose BigQuery connections reach the emulator, 500 rows to a page.
    private func server(logs: LogCapture = LogCapture()) throws -> TestServer {
        var server = TestServer(logs: logs)
        server.configuration.bigQueryURL = try environment("SWITCHYARD_TEST_BIGQUERY_URL")
        server.configuration.bigQueryPageRows = 500
        return server
    }

    /// The requests the proxy recorded: method, path, body.
    private func recorded() async throws -> [[String: Any]] {
        try await RecordingProxy("SWITCHYARD_TEST_BIGQUERY_URL").requests()
    }

    /// Whether `jobs.cancel` was sent for the job whose statement contains `marker`.
    private func cancelSent(forStatementContaining marker: String) async throws -> Bool {
        let requests = try await recorded()
        let insert = requests.first { ($0["body"] as? String)?.contains(marker) == true }
        guard let body = insert?["body"] as? String, let range = body.range(of: #""jobId":"(switchyard_[0-9a-f]+)""#, options: .regularExpression)
        else { return false }
        let job = body[range].dropFirst(#""jobId":""#.count).dropLast()
        return requests.contains { ($0["path"] as? String)?.contains("/jobs/\(job)/cancel") == true }
    }

    /// Waits until bqemulator has finished what it runs (it answers nothing before), so that
    /// a test with a short time limit does not wait for another test's slow query.
    private func emulatorIdle() async throws {
        _ = try await Curl.output(["-s", "--max-time", "30", try environment("SWITCHYARD_TEST_BIGQUERY_EMULATOR_URL") + "/healthz"])
    }

    private func slowStatement(_ marker: String) -> String {
        "SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, 12000000)) AS x /* \(marker) */"
    }

    @Test func testsBrowsesQueriesAndMaterialises() async throws {
        let body = try connectionBody()
        let server = try server()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try #require(try await client.send(.post, base, json: body).status == .created)
            #expect(try await client.send(.post, "\(base)/test").json["status"] as? String == "ok")

            let schemas = try await client.get("\(base)/schemas").jsonArray
            #expect(schemas.contains { $0["name"] as? String == "sales" })
            let tables = try await client.get("\(base)/schemas/analytics/tables?tableNames=events").jsonArray
            let columns = try #require(tables.first?["columns"] as? [[String: String]])
            #expect(columns.map { $0["name"] ?? "" } == ["event_id", "kind", "detail", "detail.session", "detail.score"])
            let one = try await client.get("\(base)/schemas/sales/tables/orders")
            #expect(one.status == .ok)
            #expect((one.json["columns"] as? [[String: String]])?.first == ["name": "id", "type": "INT64"])

            let reply = try await client.query("p", "bq", "SELECT id, c_int64, c_numeric, c_timestamp, c_bytes, c_record FROM sales.all_types WHERE id = 1")
            let data = try #require(reply.json["data"] as? String)
            #expect(data.contains(#""c_int64":9007199254740993"#))
            #expect(data.contains(#""c_numeric":12345678.91"#))
            #expect(data.contains(#""c_timestamp":"2024-02-29T13:45:30.123456Z""#))
            #expect(data.contains(#""c_bytes":"AP9BQg==""#))
            #expect(data.contains(#""c_record":{"a":"one","items":[{"x":1.5,"tags":["p","q"]},{"x":2.5,"tags":[]}]}"#))

            let streamed = try await client.send(
                .post, "\(base)/sqlQuery", json: #"{"sqlStatement":"SELECT id, amount FROM sales.orders ORDER BY id"}"#,
                headers: [.accept: "application/x-ndjson"])
            #expect(streamed.status == .ok)
            let lines = streamed.body.split(separator: "\n")
            #expect(lines.count == 3000, "six pages of 500")
            #expect(lines.last == #"{"id":3000,"amount":110}"#)

            let source = try await client.send(.post, "\(base)/sqlSource", json: #"{"sqlStatement":"SELECT id, tags FROM sales.orders"}"#)
            let described = try #require(source.json["source"] as? String)
            #expect(described.contains(#""name":"tags""#) && described.contains("ARRAY<STRING>"))

            let made = try await client.send(
                .post, "\(base)/sqlTemporaryTable", json: #"{"sqlStatement":"SELECT id FROM sales.orders WHERE id <= 4"}"#)
            let table = try #require(made.json["table"] as? String)
            let summed = try await client.query("p", "bq", "SELECT SUM(id) AS total FROM \(table)")
            #expect((summed.json["data"] as? String)?.contains(#""total":10"#) == true)

            let failed = try await client.query("p", "bq", "SELECT * FROM sales.no_such_table")
            #expect(failed.status == .badRequest)
            #expect(failed.message.contains("no_such_table"))
        }
    }

    @Test func limitsAnswer413And504WithTheJobCancelled() async throws {
        var server = try server()
        server.configuration.queryLimits.maxRows = 10
        server.configuration.queryLimits.timeout = .seconds(1)
        defer { server.removeDirectory() }
        let body = try connectionBody()
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, base, json: body)
            try await emulatorIdle()
            #expect(try await client.query("p", "bq", "SELECT id FROM sales.orders WHERE id <= 10").status == .ok)
            #expect(try await client.query("p", "bq", "SELECT id FROM sales.orders WHERE id <= 11").status == .contentTooLarge)

            let marker = "routes-timeout-\(UUID().uuidString)"
            let started = ContinuousClock.now
            let slow = try await client.query("p", "bq", slowStatement(marker))
            #expect(slow.status == .gatewayTimeout)
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(try await poll(for: .seconds(2), until: true) { try await cancelSent(forStatementContaining: marker) })
        }
    }

    @Test func aResultOverTheByteCapAnswers413() async throws {
        var server = try server()
        server.configuration.queryLimits.maxResultBytes = 4096
        defer { server.removeDirectory() }
        let body = try connectionBody()
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, base, json: body)
            #expect(try await client.query("p", "bq", "SELECT id FROM sales.orders WHERE id <= 5").status == .ok)
            #expect(try await client.query("p", "bq", "SELECT * FROM sales.orders").status == .contentTooLarge)
        }
    }

    @Test func aClientThatLeavesCancelsTheJob() async throws {
        let server = try server()
        defer { server.removeDirectory() }
        let body = try connectionBody()
        try await server.run(live: true) { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, base, json: body)
            let marker = "routes-leave-\(UUID().uuidString)"
            let curl = try Curl.start(
                port: try #require(client.client.port), path: "\(base)/sqlQuery",
                json: Fixtures.json(["sqlStatement": slowStatement(marker)]))
            #expect(try await poll(for: .seconds(10), until: true) {
                try await recorded().contains { ($0["body"] as? String)?.contains(marker) == true }
            })
            try await curl.stop()
            #expect(try await poll(for: .seconds(2), until: true) { try await cancelSent(forStatementContaining: marker) })
        }
    }

    @Test func failuresAreClearAndTheKeyNeverComesBack() async throws {
        let logs = LogCapture()
        let server = try server(logs: logs)
        defer { server.removeDirectory() }
        let key = try keyJSON()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(key.utf8)) as? [String: Any])
        let pem = try #require(object["private_key"] as? String)
        // Every line of the key's body, and its id: none may show in any answer or log line.
        let canaries = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
            + [try #require(object["private_key_id"] as? String)]
        try await server.run { client in
            var bodies: [String] = []
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            bodies.append(try await client.send(.post, base, json: try connectionBody()).body)
            bodies.append(try await client.get(base).body)
            bodies.append(try await client.get("/api/v0/projects/p/connections").body)
            bodies.append(try await client.send(.post, "\(base)/test").body)
            bodies.append(try await client.query("p", "bq", "SELECT * FROM sales.nope").body)

            let wrongKey = try connectionBody(key: keyJSON(replacing: "private_key_id", with: "not-the-key-id"))
            let refused = try await client.send(.post, "/api/v0/connections/test", json: wrongKey)
            #expect(refused.json["status"] as? String == "failed")
            #expect((refused.json["errorMessage"] as? String)?.contains("kid must be") == true, "\(refused.body)")
            bodies.append(refused.body)

            let closedTokenURL = try connectionBody(key: keyJSON(replacing: "token_uri", with: "http://127.0.0.1:9/token"))
            let unreachable = try await client.send(.post, "/api/v0/connections/test", json: closedTokenURL)
            #expect(unreachable.json["status"] as? String == "failed")
            #expect((unreachable.json["errorMessage"] as? String)?.contains("cannot reach") == true)
            bodies.append(unreachable.body)

            let malformed = try await client.send(
                .post, "/api/v0/projects/p/connections/broken", json: try connectionBody(key: keyJSON(replacing: "private_key", with: "garbage")))
            #expect(malformed.status == .badRequest)
            #expect(malformed.message.contains("bigqueryConnection.serviceAccountKeyJson"))
            bodies.append(malformed.body)
            for canary in canaries {
                #expect(!bodies.contains { $0.contains(canary) }, "an answer carried the key")
            }
        }
        for canary in canaries {
            #expect(!logs.text.contains(canary), "a log line carried the key")
        }
    }
}
