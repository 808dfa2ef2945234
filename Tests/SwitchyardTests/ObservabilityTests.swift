import Foundation
import HTTPTypes
import Logging
import Synchronization
import SwitchyardServer
import Testing

/// What the operator and other clients read off the server besides the API itself: the served
/// contract, request ids, Prometheus metrics, JSON log lines and the console's files.
@Suite struct ObservabilityTests {
    @Test func theContractIsServedAsYAMLAndJSONWithoutAToken() async throws {
        try await TestServer().runInProject { client in
            let yaml = try await client.send(.get, "/api/v0/openapi.yaml", token: nil)
            #expect(yaml.status == .ok)
            #expect(yaml.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(yaml.body.hasPrefix("openapi:"))
            let json = try await client.send(.get, "/api/v0/openapi.json", token: nil)
            #expect(json.status == .ok)
            let paths = try #require(json.json["paths"] as? [String: Any])
            // Every path of the YAML, and no other.
            let yamlPaths = yaml.body.split(separator: "\n").filter { $0.hasPrefix("  /") }.map { String($0.dropFirst(2).dropLast()) }
            #expect(yamlPaths.count > 10)
            #expect(Set(paths.keys) == Set(yamlPaths))
            #expect((json.json["info"] as? [String: Any])?["title"] as? String != nil)
        }
    }

    @Test func everyAnswerCarriesARequestIdThatItsLogLinesCarryToo() async throws {
        let logs = LogCapture()
        try await TestServer(logs: logs).runInProject { client in
            let made = try await client.get("/api/v0/projects/p")
            let id = try #require(made.headers[HTTPField.Name("X-Request-Id")!])
            #expect(id.count == 16)
            let other = try await client.get("/api/v0/projects/p")
            #expect(other.headers[HTTPField.Name("X-Request-Id")!] != id)
            // A client's own id is kept; an implausible one is replaced.
            let kept = try await client.send(.get, "/api/v0/projects/none", headers: [HTTPField.Name("X-Request-Id")!: "trace-42.abc"])
            #expect(kept.status == .notFound)
            #expect(kept.headers[HTTPField.Name("X-Request-Id")!] == "trace-42.abc")
            let long = String(repeating: "x", count: 200)
            let replaced = try await client.send(.get, "/api/v0/projects", headers: [HTTPField.Name("X-Request-Id")!: long])
            #expect(replaced.headers[HTTPField.Name("X-Request-Id")!].map { $0 != long && $0.count == 16 } == true)
            let refused = try await client.send(.get, "/api/v0/projects", token: nil)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[HTTPField.Name("X-Request-Id")!] != nil)
        }
        let lines = logs.text.split(separator: "\n")
        #expect(lines.contains { $0.contains(#""request_id": trace-42.abc"#) && $0.contains(#""status": 404"#) }, "\(logs.text.suffix(2000))")
    }

    @Test func metricsCountRequestsStatementsAndWritesAndNeedTheToken() async throws {
        try Engine.requireDuckDB()
        try await TestServer().runInProject { client in
            #expect(try await client.send(.get, "/metrics", token: nil).status == .unauthorized)
            try #require(try await client.send(.post, "/api/v0/projects/p/connections/duck", json: #"{"duckdbConnection":{}}"#).status == .created)
            _ = try await client.rows("p", "duck", "SELECT range AS n FROM range(25)")
            let failed = try await client.query("p", "duck", "SELECT * FROM no_such_table")
            #expect(failed.status == .badRequest)
            let streamed = try await client.send(
                .post, "/api/v0/projects/p/connections/duck/sqlQuery", json: #"{"sqlStatement":"SELECT range AS n FROM range(40)"}"#,
                headers: [.accept: "application/x-ndjson"])
            #expect(streamed.body.split(separator: "\n").count == 40)
            for _ in 0..<3 { _ = try await client.get("/api/v0/projects/p/connections/duck") }

            let scrape = try await client.get("/metrics")
            #expect(scrape.status == .ok)
            #expect(scrape.headers[.contentType]?.hasPrefix("text/plain") == true)
            let samples = Samples(scrape.body)
            let connection = #"route="/api/v0/projects/{projectName}/connections/{connectionName}""#
            #expect(samples.value("switchyard_http_requests_total", [connection, #"method="GET""#, #"status="200""#]) == 3)
            #expect(samples.value("switchyard_statements_total", [#"type="duckdb""#, #"outcome="ok""#]) == 2)
            #expect(samples.value("switchyard_statements_total", [#"type="duckdb""#, #"outcome="error""#]) == 1)
            #expect(samples.value("switchyard_statement_rows_total", [#"type="duckdb""#]) == 65)
            #expect((samples.value("switchyard_statement_bytes_total", [#"type="duckdb""#]) ?? 0) > 0)
            #expect(samples.value("switchyard_statements_in_flight", [#"type="duckdb""#]) == 0)
            #expect(samples.value("switchyard_drivers_open", [#"type="duckdb""#]) == 1)
            #expect(samples.value("switchyard_drivers_open", [#"type="postgres""#]) == 0)
            #expect(samples.value("switchyard_catalog_write_seconds_count", [#"operation="create_connection""#]) == 1)
            #expect(samples.value("switchyard_statement_duration_seconds_count", [#"type="duckdb""#, #"outcome="ok""#]) == 2)
            // Names of projects and connections never make series of their own.
            #expect(!scrape.body.contains("/projects/p/"))
        }
        var open = TestServer()
        open.configuration.metricsOpen = true
        try await open.runInProject { (client: Client) async throws in
            #expect(try await client.send(.get, "/metrics", token: nil).status == .ok)
        }
    }

    @Test func jsonLogLinesCarryEveryField() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "switchyard") { JSONLogHandler(label: $0) { line in lines.withLock { $0.append(line) } } }
        logger[metadataKey: "request_id"] = "abc123"
        logger.info("request", metadata: ["status": "200", "path": "/api/v0/projects"])
        let line = try #require(lines.withLock { $0.first })
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "request")
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "switchyard")
        #expect(object["request_id"] as? String == "abc123")
        #expect(object["status"] as? String == "200")
        #expect(object["path"] as? String == "/api/v0/projects")
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
        #expect(try Configuration(environment: ["SWITCHYARD_LOG_FORMAT": "json"]).logFormat == .json)
        #expect(throws: Configuration.Invalid.self) { try Configuration(environment: ["SWITCHYARD_LOG_FORMAT": "xml"]) }
    }

    /// The text lines keep swift-log's own layout, metadata sorted by key.
    @Test func textLogLinesKeepTheStandardLayout() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "switchyard") { TextLogHandler(label: $0) { line in lines.withLock { $0.append(line) } } }
        logger[metadataKey: "request_id"] = "abc123"
        logger.info("request", metadata: ["status": "200"])
        logger.debug("not written: below the level")
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = try #require(written.first)
        let pattern = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} info switchyard : request_id=abc123 status=200 \[SwitchyardTests\] request$/#
        #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
    }

    @Test func theConsoleIsServedWithoutATokenAndNothingElseIs() async throws {
        try await TestServer().runInProject { client in
            let page = try await client.send(.get, "/", token: nil)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.body.contains("<html"))
            #expect(page.headers[.cacheControl] == "no-cache")
            #expect(try await client.send(.get, "/reference.html", token: nil).status == .ok)
            for path in ["/../master.key", "/%2e%2e/master.key", "/api/v0/projects"] {
                let reply = try await client.send(.get, path, token: nil)
                #expect(reply.status != .ok, "\(path)")
            }
        }
    }
}

/// A Prometheus text exposition, read for the value of one sample.
struct Samples {
    let lines: [Substring]

    init(_ text: String) { lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") } }

    /// The value of `name` on the line that has every label in `labels`.
    func value(_ name: String, _ labels: [String]) -> Double? {
        for line in lines where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            guard labels.allSatisfy({ line.contains($0) }), let value = line.split(separator: " ").last else { continue }
            return Double(value)
        }
        return nil
    }
}
