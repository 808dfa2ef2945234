import Foundation
import Testing

/// A snowflake connection through the HTTP API, against fakesnow behind its recording proxy
/// (`scripts/test-emulators env` names them; a missing variable fails the test).
@Suite(.serialized) struct SnowflakeRoutesTests {
    let base = "/api/v0/projects/p/connections/sf"

    private func environment(_ name: String) throws -> String {
        let variable = "SWITCHYARD_TEST_SNOWFLAKE_" + name
        return try #require(ProcessInfo.processInfo.environment[variable], "\(variable) is not set: run scripts/test-emulators start")
    }

    private func settings(_ fields: [String: Any] = ["password": "routes-password"]) throws -> [String: Any] {
        let base: [String: Any] = [
            "account": try environment("ACCOUNT"), "username": try environment("USER"),
            "database": try environment("DATABASE"), "schema": try environment("SCHEMA"),
        ]
        return base.merging(fields) { $1 }
    }

    private func body(_ fields: [String: Any] = ["password": "routes-password"]) throws -> String {
        Fixtures.json(["snowflakeConnection": try settings(fields)])
    }

    private func server(logs: LogCapture = LogCapture()) throws -> TestServer {
        var server = TestServer(logs: logs)
        server.configuration.snowflakeURL = try environment("URL")
        return server
    }

    private var proxy: RecordingProxy { get throws { try RecordingProxy("SWITCHYARD_TEST_SNOWFLAKE_URL") } }

    /// Whether an abort was sent for the statement whose SQL contains `marker`.
    private func abortSent(forStatementContaining marker: String) async throws -> Bool {
        let requests = try await proxy.requests()
        guard let statement = requests.first(where: { ($0["body"] as? String)?.contains(marker) == true && ($0["path"] as? String)?.hasPrefix("/queries/v1/query-request") == true }),
            let id = (statement["path"] as? String)?.split(separator: "=").last
        else { return false }
        return requests.contains { ($0["path"] as? String)?.hasPrefix("/queries/v1/abort-request") == true && ($0["body"] as? String)?.contains("\"\(id)\"") == true }
    }

    @Test func testsBrowsesQueriesAndMaterialises() async throws {
        let server = try server()
        defer { server.removeDirectory() }
        let body = try body()
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try #require(try await client.send(.post, base, json: body).status == .created)
            #expect(try await client.send(.post, "\(base)/test").json["status"] as? String == "ok")

            let schemas = try await client.get("\(base)/schemas").jsonArray
            #expect(schemas.contains { $0["name"] as? String == "SALES" && $0["isDefault"] as? Bool == true })
            let tables = try await client.get("\(base)/schemas/SALES/tables?tableNames=ORDERS").jsonArray
            let columns = try #require(tables.first?["columns"] as? [[String: String]])
            #expect(columns.map { $0["name"] ?? "" } == ["ID", "CUSTOMER", "AMOUNT", "ORDERED_AT"])
            #expect(try await client.get("\(base)/schemas/SALES/tables/ALL_TYPES").status == .ok)

            let reply = try await client.query("p", "sf", "SELECT C_BIG, C_TZ, C_BINARY, C_OBJECT FROM SWITCHYARD.SALES.ALL_TYPES WHERE ID = 1")
            let data = try #require(reply.json["data"] as? String)
            #expect(data.contains(#""C_BIG":123456789012345678901234567890.12345"#))
            #expect(data.contains(#""C_TZ":"2024-02-29T08:15:30.123456Z""#))
            #expect(data.contains(#""C_BINARY":"AP9BQg==""#))
            #expect(data.contains(#""C_OBJECT":{"k":"v","n":1}"#))

            let streamed = try await client.send(
                .post, "\(base)/sqlQuery", json: #"{"sqlStatement":"SELECT ID, AMOUNT FROM SWITCHYARD.SALES.ORDERS ORDER BY ID"}"#,
                headers: [.accept: "application/x-ndjson"])
            let lines = streamed.body.split(separator: "\n")
            #expect(lines.count == 3000)
            #expect(lines.last == #"{"ID":3000,"AMOUNT":3750.00}"#)

            let source = try await client.send(.post, "\(base)/sqlSource", json: #"{"sqlStatement":"SELECT ID, CUSTOMER FROM SWITCHYARD.SALES.ORDERS"}"#)
            #expect((source.json["source"] as? String)?.contains(#""name":"CUSTOMER""#) == true)
            let made = try await client.send(
                .post, "\(base)/sqlTemporaryTable", json: #"{"sqlStatement":"SELECT ID FROM SWITCHYARD.SALES.ORDERS WHERE ID <= 3"}"#)
            let table = try #require(made.json["table"] as? String)
            let counted = try await client.query("p", "sf", "SELECT COUNT(*) AS N FROM \(table)")
            #expect((counted.json["data"] as? String)?.contains(#""N":3"#) == true)

            let failed = try await client.query("p", "sf", "SELECT * FROM NO_SUCH_TABLE")
            #expect(failed.status == .badRequest)
            #expect(failed.message.uppercased().contains("NO_SUCH_TABLE"))
        }
    }

    @Test func limitsAnswer413And504WithTheStatementAborted() async throws {
        var server = try server()
        server.configuration.queryLimits.maxRows = 10
        server.configuration.queryLimits.maxResultBytes = 4096
        server.configuration.queryLimits.timeout = .seconds(1)
        defer { server.removeDirectory() }
        let body = try body()
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, base, json: body)
            let orders = "SWITCHYARD.SALES.ORDERS"
            #expect(try await client.query("p", "sf", "SELECT ID FROM \(orders) WHERE ID <= 10").status == .ok)
            #expect(try await client.query("p", "sf", "SELECT ID FROM \(orders) WHERE ID <= 11").status == .contentTooLarge)
            let wide = "SELECT ID, RPAD(CUSTOMER, 1000, 'x') AS PADDED FROM \(orders) WHERE ID <= 10"
            #expect(try await client.query("p", "sf", wide).status == .contentTooLarge)
            try await proxy.configure(#"{"delay_next": 1, "delay_path": "/queries/v1/query-request", "delay_seconds": 5}"#)
            let marker = "routes-timeout-\(UInt32.random(in: 0...UInt32.max))"
            let started = ContinuousClock.now
            #expect(try await client.query("p", "sf", "SELECT 1 AS ONE /* \(marker) */").status == .gatewayTimeout)
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(try await poll(for: .seconds(2), until: true) { try await abortSent(forStatementContaining: marker) })
        }
    }

    @Test func aClientThatLeavesAbortsTheStatement() async throws {
        let server = try server()
        defer { server.removeDirectory() }
        let body = try body()
        try await server.run(live: true) { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, base, json: body)
            #expect(try await client.send(.post, "\(base)/test").json["status"] as? String == "ok")
            try await proxy.configure(#"{"delay_next": 1, "delay_path": "/queries/v1/query-request", "delay_seconds": 10}"#)
            let marker = "routes-leave-\(UInt32.random(in: 0...UInt32.max))"
            let curl = try Curl.start(
                port: try #require(client.client.port), path: "\(base)/sqlQuery",
                json: Fixtures.json(["sqlStatement": "SELECT 1 AS ONE /* \(marker) */"]))
            #expect(try await poll(for: .seconds(10), until: true) {
                let requests = try await proxy.requests()
                return requests.contains { ($0["body"] as? String)?.contains(marker) == true }
            })
            try await curl.stop()
            #expect(try await poll(for: .seconds(2), until: true) { try await abortSent(forStatementContaining: marker) })
        }
    }

    @Test func failuresAreClearAndSecretsNeverComeBack() async throws {
        let logs = LogCapture()
        let server = try server(logs: logs)
        defer { server.removeDirectory() }
        let keyFile = try environment("ENCRYPTED_KEY_FILE")
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
        let passphrase = try String(contentsOfFile: try environment("PASSPHRASE_FILE"), encoding: .utf8).trimmingCharacters(in: .newlines)
        let password = "CANARY-\(UUID().uuidString)"
        let canaries = [password, passphrase] + key.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
        let withKey = try body(["privateKey": key, "privateKeyPass": passphrase])
        let withPassword = try body(["password": password])
        try await server.run { client in
            var bodies: [String] = []
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            bodies.append(try await client.send(.post, base, json: withKey).body)
            bodies.append(try await client.get(base).body)
            let tested = try await client.send(.post, "\(base)/test")
            #expect(tested.json["status"] as? String == "ok", "\(tested.body)")
            bodies.append(tested.body)
            bodies.append(try await client.query("p", "sf", "SELECT * FROM NOPE").body)

            try await proxy.configure(Fixtures.json([
                "answer_next": 1, "answer_path": "/session/v1/login-request", "answer_status": 200,
                "answer_body": [
                    "data": ["nextAction": "RETRY_LOGIN", "authnMethod": "USERNAME_PASSWORD"], "code": "390100",
                    "message": "Incorrect username or password was specified.", "success": false,
                ],
            ]))
            let refused = try await client.send(.post, "/api/v0/connections/test", json: withPassword)
            #expect(refused.json["status"] as? String == "failed")
            #expect((refused.json["errorMessage"] as? String)?.contains("Incorrect username or password") == true, "\(refused.body)")
            bodies.append(refused.body)

            let wrongPassphrase = try await client.send(
                .post, "/api/v0/projects/p/connections/broken", json: try body(["privateKey": key, "privateKeyPass": "wrong-\(password)"]))
            #expect(wrongPassphrase.status == .badRequest)
            #expect(wrongPassphrase.message.contains("snowflakeConnection.privateKeyPass"))
            bodies.append(wrongPassphrase.body)
            for canary in canaries {
                #expect(!bodies.contains { $0.contains(canary) }, "an answer carried a secret")
            }
        }
        for canary in canaries {
            #expect(!logs.text.contains(canary), "a log line carried a secret")
        }
    }
}
