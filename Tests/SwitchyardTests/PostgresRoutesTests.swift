import Foundation
import Testing

/// The data routes against the private PostgreSQL that `scripts/test` starts.
@Suite struct PostgresRoutesTests {
    let base = "/api/v0/projects/p/connections/pg"

    func withPostgres(
        _ server: TestServer = TestServer(), live: Bool = false, _ test: @Sendable (Client, Engine) async throws -> Void
    ) async throws {
        try await server.withPostgresProject(live: live, test)
    }

    @Test func testsStoredAndUnsavedConnections() async throws {
        try await withPostgres { client, engine in
            let stored = try await client.send(.post, "\(base)/test")
            #expect(stored.json["status"] as? String == "ok", "\(stored.body)")

            let wrong = engine.postgresBody.replacingOccurrences(of: engine.password, with: "not-the-password-81")
            let failed = try await client.send(.post, "/api/v0/connections/test", json: wrong)
            #expect(failed.status == .ok)
            #expect(failed.json["status"] as? String == "failed")
            #expect(!failed.body.contains("not-the-password-81"))
            #expect((failed.json["errorMessage"] as? String)?.isEmpty == false)

            let start = ContinuousClock.now
            let closed = Fixtures.json(["postgresConnection": ["host": "127.0.0.1", "port": 1, "databaseName": "x", "userName": "u"]])
            let refused = try await client.send(.post, "/api/v0/connections/test", json: closed)
            #expect(refused.json["status"] as? String == "failed")
            #expect(ContinuousClock.now - start < .seconds(20))
            #expect(try await client.get("/api/v0/status").status == .ok)

            let invalid = try await client.send(.post, "/api/v0/connections/test", json: #"{"postgresConnection":{"port":0}}"#)
            #expect(invalid.status == .badRequest)
        }
    }

    /// The configured warm connections reach each connection's pool: after one statement, that
    /// many connections stay open, idle.
    @Test func thePoolKeepsTheConfiguredWarmConnectionsOpen() async throws {
        var server = TestServer()
        server.configuration.postgresWarmConnections = 3
        let engine = try Engine.postgres()
        let name = "sy_warm_\(UInt32.random(in: 100_000...999_999))"
        try await server.runInProject { client in
            let body = engine.postgresBody(["connectionString": "application_name=\(name)"])
            try #require(try await client.send(.post, base, json: body).status == .created)
            #expect(try await client.rows("p", "pg", "SELECT 1 AS one").first?["one"] as? Int == 1)
            let open = try await poll(for: .seconds(10), until: 3) {
                try await engine.postgresCount("SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(name)'")
            }
            #expect(open == 3)
        }
    }

    @Test func browsesSchemasTablesAndColumns() async throws {
        try await withPostgres { client, _ in
            let schema = "browse_\(UInt32.random(in: 0...UInt32.max))"
            _ = try await client.rows("p", "pg", "CREATE SCHEMA \(schema)")
            _ = try await client.rows("p", "pg", "CREATE TABLE \(schema).orders (id bigint, total numeric(10,2), placed timestamptz)")
            _ = try await client.rows("p", "pg", "CREATE TABLE \(schema).customers (id int, name text)")

            let schemas = try await client.get("\(base)/schemas").jsonArray
            let listed = try #require(schemas.first { $0["name"] as? String == schema })
            #expect(listed["isHidden"] as? Bool == false)
            #expect(schemas.contains { $0["name"] as? String == "pg_catalog" && $0["isHidden"] as? Bool == true })

            let tables = try await client.get("\(base)/schemas/\(schema)/tables").jsonArray
            #expect(Set(tables.compactMap { $0["resource"] as? String }) == ["\(schema).orders", "\(schema).customers"])
            let filtered = try await client.get("\(base)/schemas/\(schema)/tables?tableNames=orders").jsonArray
            #expect(filtered.count == 1)
            let columns = try #require(filtered.first?["columns"] as? [[String: String]])
            #expect(columns.map { $0["name"] } == ["id", "total", "placed"])

            let one = try await client.get("\(base)/schemas/\(schema)/tables/orders")
            #expect(one.status == .ok)
            #expect(one.json["columns"] as? [[String: String]] == columns)
            #expect(try await client.get("\(base)/schemas/\(schema)/tables/missing").status == .notFound)

            // Names from the path are bound or quoted, never spliced.
            let injected = "\(schema)' OR '1'='1"
            let escaped = injected.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await client.get("\(base)/schemas/\(escaped)/tables").jsonArray.isEmpty)
            let dropper = "orders\"; DROP TABLE \(schema).customers; --".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await client.get("\(base)/schemas/\(schema)/tables/\(dropper)").status == .notFound)
            #expect(try await client.get("\(base)/schemas/\(schema)/tables/customers").status == .ok)
            _ = try await client.rows("p", "pg", "DROP SCHEMA \(schema) CASCADE")
        }
    }

    @Test func queryValuesMapToJSONWithoutLoss() async throws {
        try await withPostgres { client, _ in
            let reply = try await client.query("p", "pg", """
                SELECT 9223372036854775807::bigint AS big, 12345678901234567890.123456789::numeric AS exact,
                       0.5::float8 AS half, 'ñ✓ "quoted"'::text AS text, true AS flag, NULL::int AS nothing,
                       DATE '2024-02-29' AS day, TIMESTAMP '2024-02-29 13:45:01.25' AS at,
                       TIMESTAMPTZ '2024-02-29 13:45:01+02' AS at_zone, '\\xdeadbeef'::bytea AS raw,
                       '{"a": [1, 2]}'::jsonb AS doc
                """)
            #expect(reply.status == .ok, "\(reply.body)")
            let data = try #require(reply.json["data"] as? String)
            #expect(data.contains(#""big":9223372036854775807"#))
            #expect(data.contains(#""exact":12345678901234567890.123456789"#))
            let row = try #require(try await client.rows("p", "pg", "SELECT 1").first)
            #expect(row.count == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
            let first = try #require((object["rows"] as? [[String: Any]])?.first)
            #expect(object["totalRows"] as? Int == 1)
            #expect(first["half"] as? Double == 0.5)
            #expect(first["text"] as? String == "ñ✓ \"quoted\"")
            #expect(first["flag"] as? Bool == true)
            #expect(first["nothing"] is NSNull)
            #expect(first["day"] as? String == "2024-02-29")
            #expect(first["at"] as? String == "2024-02-29T13:45:01.25" || first["at"] as? String == "2024-02-29T13:45:01.250000")
            #expect((first["at_zone"] as? String)?.hasPrefix("2024-02-29T11:45:01") == true)
            #expect(first["raw"] as? String == Data([0xde, 0xad, 0xbe, 0xef]).base64EncodedString())
            #expect((first["doc"] as? [String: Any])?["a"] as? [Int] == [1, 2])
            let columns = try #require(reply.json["columns"] as? [[String: String]])
            #expect(columns.first == ["name": "big", "type": "bigint"])
        }
    }

    @Test func limitsAnswer413And504And503() async throws {
        var server = TestServer()
        server.configuration.queryLimits.maxRows = 10
        server.configuration.queryLimits.timeout = .seconds(3)
        server.configuration.queryLimits.maxConcurrentQueries = 1
        try await withPostgres(server) { client, _ in
            #expect(try await client.rows("p", "pg", "SELECT * FROM generate_series(1, 10)").count == 10)
            let tooMany = try await client.query("p", "pg", "SELECT * FROM generate_series(1, 11)")
            #expect(tooMany.status == .contentTooLarge)
            let start = ContinuousClock.now
            let slow = try await client.query("p", "pg", "SELECT pg_sleep(30)")
            #expect(slow.status == .gatewayTimeout)
            #expect(ContinuousClock.now - start < .seconds(10))
            let bad = try await client.query("p", "pg", "SELEC nonsense")
            #expect(bad.status == .badRequest)
            #expect(bad.message.contains("syntax"))

            async let first = client.query("p", "pg", "SELECT pg_sleep(1.5)")
            try await Task.sleep(for: .milliseconds(500))
            let second = try await client.query("p", "pg", "SELECT 1")
            #expect(second.status == .serviceUnavailable)
            #expect(try await first.status == .ok)
        }
    }

    @Test func streamsNDJSONRowsAndDescribesAndMaterialises() async throws {
        try await withPostgres { client, _ in
            let streamed = try await client.send(
                .post, "\(base)/sqlQuery", json: #"{"sqlStatement":"SELECT g AS n, g * 2 AS twice FROM generate_series(1, 25000) g"}"#,
                headers: [.accept: "application/x-ndjson"])
            #expect(streamed.status == .ok)
            #expect(streamed.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
            let lines = streamed.body.split(separator: "\n")
            #expect(lines.count == 25000)
            #expect(lines.last == #"{"n":25000,"twice":50000}"#)

            let source = try await client.send(.post, "\(base)/sqlSource", json: #"{"sqlStatement":"SELECT 1::int AS a, 'x'::text AS b"}"#)
            let described = try #require(source.json["source"] as? String)
            #expect(described.contains(#""name":"a""#) && described.contains(#""name":"b""#))
            let old = try await client.get("\(base)/sqlSource?sqlStatement=SELECT%201%20AS%20a")
            #expect(old.status == .ok)
            let legacy = try await client.get("\(base)/queryData?sqlStatement=SELECT%2042%20AS%20answer")
            #expect((legacy.json["data"] as? String)?.contains(#""answer":42"#) == true)
        }
    }

    @Test func aClientThatLeavesCancelsTheStatement() async throws {
        try await withPostgres(live: true) { client, engine in
            let marker = "pg_sleep(31.\(Int.random(in: 100...999)))"
            let port = try #require(client.client.port)
            let curl = try Curl.start(
                port: port, path: "\(base)/sqlQuery", json: Fixtures.json(["sqlStatement": "SELECT \(marker)"]),
)
            let running = "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%\(marker)%' AND query NOT LIKE '%pg_stat_activity%'"
            #expect(try await poll(for: .seconds(10), until: 1) { try await engine.postgresCount(running) } == 1)
            try await curl.stop()
            // Gone from the database's own process list within 2 s of the client leaving.
            #expect(try await poll(for: .seconds(2), until: 0) { try await engine.postgresCount(running) } == 0)
        }
    }
}
