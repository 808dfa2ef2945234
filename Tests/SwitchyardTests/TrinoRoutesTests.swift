import Foundation
import Testing

/// A trino connection through the HTTP API, against the Trino protocol emulator whose address
/// `SWITCHYARD_TEST_TRINO_URL` gives (a missing variable fails the test).
@Suite struct TrinoRoutesTests {
    let base = "/api/v0/projects/p/connections/tr"

    private func emulatorURL() throws -> URL {
        let variable = "SWITCHYARD_TEST_TRINO_URL"
        let text = try #require(ProcessInfo.processInfo.environment[variable], "\(variable) is not set: start the Trino emulator")
        return try #require(URL(string: text))
    }

    private func connectionBody(user: String = "routes", port: Int? = nil, extra: [String: Any] = [:]) throws -> String {
        let url = try emulatorURL()
        let emulatorPort = try #require(url.port)
        let settings: [String: Any] = [
            "server": "\(url.scheme ?? "http")://\(url.host ?? "127.0.0.1")", "port": port ?? emulatorPort,
            "catalog": "memory", "schema": "sales", "user": user,
        ]
        return Fixtures.json(["trinoConnection": settings.merging(extra) { $1 }])
    }

    /// The methods of the requests the emulator received from `user`, read with curl.
    private func emulatorMethods(of user: String) async throws -> [String] {
        let text = try await Curl.output(["-s", "--max-time", "5", try emulatorURL().absoluteString + "/_emulator/requests"])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let requests = try #require(log["requests"] as? [[String: Any]])
        return requests.filter { ($0["headers"] as? [String: String])?["x-trino-user"] == user }.compactMap { $0["method"] as? String }
    }

    @Test func testsBrowsesAndQueries() async throws {
        let body = try connectionBody()
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try #require(try await client.send(.post, base, json: body).status == .created)
            #expect(try await client.send(.post, "\(base)/test").json["status"] as? String == "ok")

            let schemas = try await client.get("\(base)/schemas").jsonArray
            #expect(schemas.contains { $0["name"] as? String == "sales" && $0["isDefault"] as? Bool == true })
            let tables = try await client.get("\(base)/schemas/sales/tables?tableNames=orders").jsonArray
            let columns = try #require(tables.first?["columns"] as? [[String: String]])
            #expect(columns.first?["name"] == "id" && columns.first?["type"] == "bigint")

            let reply = try await client.query("p", "tr", "SELECT id, c_decimal_long, c_timestamp_tz, c_row FROM all_types WHERE id = 1")
            let data = try #require(reply.json["data"] as? String)
            #expect(data.contains(#""c_decimal_long":12345678901234567890123456789.123456789"#))
            #expect(data.contains(#""c_timestamp_tz":"2024-02-29T13:45:30.123Z""#))
            #expect(data.contains(#""c_row":{"x":1,"y":"one"}"#))

            let streamed = try await client.send(
                .post, "\(base)/sqlQuery", json: #"{"sqlStatement":"SELECT id, amount FROM orders ORDER BY id"}"#,
                headers: [.accept: "application/x-ndjson"])
            #expect(streamed.status == .ok)
            let lines = streamed.body.split(separator: "\n")
            #expect(lines.count == 5000)
            #expect(lines.last == #"{"id":5000,"amount":850.00}"#)

            let failed = try await client.query("p", "tr", "SELECT * FROM nope")
            #expect(failed.status == .badRequest)
            #expect(failed.message.contains("does not exist"))
        }
    }

    @Test func aClosedPortFailsAndSecretsNeverComeBack() async throws {
        let canary = "CANARY\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12))"
        let logs = LogCapture()
        let server = TestServer(logs: logs)
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let closed = try await client.send(.post, "/api/v0/connections/test", json: try connectionBody(port: 1))
            #expect(closed.json["status"] as? String == "failed")
            #expect((closed.json["errorMessage"] as? String)?.contains("cannot reach Trino") == true)

            try await client.send(.post, base, json: try connectionBody(extra: ["peakaKey": canary]))
            let echoed = try await client.query("p", "tr", "SELECT * FROM memory.sales.\(canary)")
            #expect(echoed.status == .badRequest)
            #expect(echoed.message.contains("[secret]"))
            #expect(!echoed.body.contains(canary))
            #expect(try await client.send(.post, "\(base)/test").json["status"] as? String == "ok")
        }
        #expect(!logs.text.contains(canary), "a log line carried a secret")
    }

    @Test func limitsAnswer413And504WithTheStatementDeleted() async throws {
        let user = "routes-limits-\(UInt32.random(in: 0...UInt32.max))"
        let body = try connectionBody(user: user)
        var server = TestServer()
        server.configuration.queryLimits.maxRows = 10
        server.configuration.queryLimits.maxResultBytes = 4096
        server.configuration.queryLimits.timeout = .seconds(1)
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, base, json: body)
            #expect(try await client.query("p", "tr", "SELECT id FROM orders WHERE id <= 10").status == .ok)
            #expect(try await client.query("p", "tr", "SELECT id FROM orders WHERE id <= 11").status == .contentTooLarge)
            let wide = "SELECT id, rpad(customer, 1000, 'x') AS padded FROM orders WHERE id <= 10"
            #expect(try await client.query("p", "tr", wide).status == .contentTooLarge, "10 KB in 10 rows, over 4 KiB")
            let started = ContinuousClock.now
            #expect(try await client.query("p", "tr", "SELECT emulator_sleep(30) AS slept").status == .gatewayTimeout)
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(try await poll(for: .seconds(2), until: true) { try await emulatorMethods(of: user).contains("DELETE") })
        }
    }

    @Test func aClientThatLeavesCancelsTheStatement() async throws {
        let user = "routes-\(UInt32.random(in: 0...UInt32.max))"
        let body = try connectionBody(user: user)
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run(live: true) { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, base, json: body)
            let curl = try Curl.start(
                port: try #require(client.client.port), path: "\(base)/sqlQuery",
                json: Fixtures.json(["sqlStatement": "SELECT emulator_sleep(30) AS slept"]), maxSeconds: 2)
            #expect(try await poll(for: .seconds(10), until: true) { try await emulatorMethods(of: user).contains("GET") })
            // curl gives up by itself (a signal may not reach it from every test thread).
            #expect(try await poll(for: .seconds(10), until: false) { curl.process.isRunning } == false)
            #expect(try await poll(for: .seconds(2), until: true) { try await emulatorMethods(of: user).contains("DELETE") })
        }
    }
}
