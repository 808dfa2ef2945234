import Foundation
import Testing

/// The data routes against the private MariaDB that `scripts/test` starts.
@Suite struct MySQLRoutesTests {
    @Test func testsBrowsesAndQueries() async throws {
        let engine = try Engine.mysql()
        let server = TestServer()
        defer { server.removeDirectory() }
        let table = "routes_\(UInt32.random(in: 0...UInt32.max))"
        let base = "/api/v0/projects/p/connections/my"
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try #require(try await client.send(.post, base, json: engine.mysqlBody).status == .created)
            #expect(try await client.send(.post, "\(base)/test").json["status"] as? String == "ok")
            let wrong = engine.mysqlBody.replacingOccurrences(of: engine.password, with: "wrong-password-42")
            let failed = try await client.send(.post, "/api/v0/connections/test", json: wrong)
            #expect(failed.json["status"] as? String == "failed")
            #expect(!failed.body.contains("wrong-password-42"))

            _ = try await client.rows("p", "my", "CREATE TABLE \(table) (id BIGINT UNSIGNED, price DECIMAL(30,10), at DATETIME(6), note VARCHAR(20))")
            _ = try await client.rows("p", "my", "INSERT INTO \(table) VALUES (18446744073709551615, 12345678901234567890.0123456789, '2024-02-29 13:45:01.250000', 'ñ✓')")
            let reply = try await client.query("p", "my", "SELECT * FROM \(table)")
            let data = try #require(reply.json["data"] as? String)
            #expect(data.contains(#""id":18446744073709551615"#))
            #expect(data.contains(#""price":12345678901234567890.0123456789"#))
            #expect(data.contains(#""at":"2024-02-29T13:45:01.25""#))
            #expect(data.contains(#""note":"ñ✓""#))

            let schemas = try await client.get("\(base)/schemas").jsonArray
            #expect(schemas.contains { $0["name"] as? String == engine.database && $0["isDefault"] as? Bool == true })
            let tables = try await client.get("\(base)/schemas/\(engine.database)/tables?tableNames=\(table)").jsonArray
            let columns = try #require(tables.first?["columns"] as? [[String: String]])
            #expect(columns.map { $0["name"] } == ["id", "price", "at", "note"])
            let one = try await client.get("\(base)/schemas/\(engine.database)/tables/\(table)")
            #expect(one.json["columns"] as? [[String: String]] == columns)
            let injected = "\(engine.database)' OR '1'='1".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await client.get("\(base)/schemas/\(injected)/tables").jsonArray.isEmpty)
            #expect(try await client.query("p", "my", "SELEC nonsense").status == .badRequest)
            _ = try await client.rows("p", "my", "DROP TABLE \(table)")
        }
    }

    @Test func aClientThatLeavesCancelsTheStatement() async throws {
        let engine = try Engine.mysql()
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run(live: true) { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/my", json: engine.mysqlBody)
            let marker = "SLEEP(31.\(Int.random(in: 100...999)))"
            let curl = try Curl.start(
                port: try #require(client.client.port), path: "/api/v0/projects/p/connections/my/sqlQuery",
                json: Fixtures.json(["sqlStatement": "SELECT \(marker)"]))
            let running = "SELECT COUNT(*) AS n FROM information_schema.processlist WHERE info LIKE '%\(marker)%' AND info NOT LIKE '%processlist%'"
            #expect(try await poll(for: .seconds(10), until: 1) { try await engine.mariadbCount(running) } == 1)
            try await curl.stop()
            // Gone from the database's own process list within 2 s of the client leaving.
            #expect(try await poll(for: .seconds(2), until: 0) { try await engine.mariadbCount(running) } == 0)
        }
    }

    /// Pools are closed when the server stops, not left to the end of the process.
    @Test func poolsCloseWhenTheServerStops() async throws {
        let engine = try Engine.mysql()
        let server = TestServer()
        defer { server.removeDirectory() }
        let others = "SELECT COUNT(*) FROM information_schema.processlist WHERE id <> CONNECTION_ID()"
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/my", json: engine.mysqlBody)
            #expect(try await client.rows("p", "my", "SELECT 1 AS one").first?["one"] as? Int == 1)
            #expect(try await engine.mariadbCount(others) ?? 0 > 0)
        }
        #expect(try await poll(for: .seconds(5), until: 0) { try await engine.mariadbCount(others) } == 0)
    }
}
