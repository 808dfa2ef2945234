import Foundation
import Testing

/// The embedded DuckDB: the default connection, attachments, and its sandbox.
/// Time-limited: one run of the parallel lane once stopped in the attached-PostgreSQL test with
/// nothing running; a limit turns such a stop into a failure that names the test.
@Suite(.timeLimit(.minutes(2))) struct DuckDBRoutesTests {
    @Test func defaultConnectionAnswersRightAfterFirstStart() async throws {
        try Engine.requireDuckDB()
        var server = TestServer()
        server.configuration.seedDefaultProject = true
        defer { server.removeDirectory() }
        try await server.run { client in
            let rows = try await client.rows("default", "duckdb", "SELECT 42 AS answer, version() AS v")
            #expect(rows.first?["answer"] as? Int == 42)
            #expect(rows.first?["v"] as? String == "v1.5.5")
            let streamed = try await client.send(
                .post, "/api/v0/projects/default/connections/duckdb/sqlQuery",
                json: #"{"sqlStatement":"SELECT range AS n FROM range(100000)"}"#, headers: [.accept: "application/x-ndjson"])
            let lines = streamed.body.split(separator: "\n")
            #expect(lines.count == 100_000)
            #expect(lines.last == #"{"n":99999}"#)
            #expect(try await client.send(.post, "/api/v0/projects/default/connections/duckdb/test").json["status"] as? String == "ok")
            // Deleted once, it stays deleted.
            #expect(try await client.send(.delete, "/api/v0/projects/default").status == .ok)
        }
        try await server.run { (client: Client) async throws in
            #expect(try await client.get("/api/v0/projects/default").status == .notFound)
        }
    }

    @Test func sqlCannotReachTheServersFiles() async throws {
        try Engine.requireDuckDB()
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/duck", json: #"{"duckdbConnection":{}}"#)
            let keyFile = server.directory.appendingPathComponent("master.key").path
            // What a successful read would show: the master key file's own text.
            let key = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            try #require(key.count >= 32)
            for sql in [
                "SELECT * FROM read_text('\(keyFile)')",
                "SELECT * FROM read_blob('\(server.directory.path)/catalog.sqlite')",
                "COPY (SELECT 1) TO '\(server.directory.path)/out.csv'",
                "ATTACH '\(server.directory.path)/catalog.sqlite' AS stolen (TYPE sqlite)",
                "INSTALL httpfs", "LOAD httpfs", "SET enable_external_access = true",
            ] {
                let reply = try await client.query("p", "duck", sql)
                #expect(reply.status.code >= 400 && reply.status.code < 500, "\(sql) → \(reply.status)")
                #expect(!reply.body.contains(key), "\(sql)")
            }
            #expect(!FileManager.default.fileExists(atPath: "\(server.directory.path)/out.csv"))
        }
    }

    @Test func attachedPostgresIsReadableAndMissingExtensionsAreNamed() async throws {
        try Engine.requireDuckDB()
        let engine = try Engine.postgres()
        let server = TestServer()
        defer { server.removeDirectory() }
        let table = "attached_\(UInt32.random(in: 0...UInt32.max))"
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/pg", json: engine.postgresBody)
            _ = try await client.rows("p", "pg", "CREATE TABLE public.\(table) AS SELECT 7 AS seven, 'pg' AS origin")
            let attached = Fixtures.json(["duckdbConnection": ["attachedDatabases": [[
                "name": "warehouse", "type": "postgres",
                "postgresConnection": [
                    "host": engine.host, "port": engine.port, "databaseName": engine.database,
                    "userName": engine.user, "password": engine.password,
                ],
            ]]]])
            #expect(try await client.send(.post, "/api/v0/projects/p/connections/duck", json: attached).status == .created)
            let rows = try await client.rows("p", "duck", "SELECT seven, origin FROM warehouse.public.\(table)")
            #expect(rows.first?["seven"] as? Int == 7)
            #expect(rows.first?["origin"] as? String == "pg")
            let schemas = try await client.get("/api/v0/projects/p/connections/duck/schemas").jsonArray
            #expect(schemas.contains { $0["name"] as? String == "warehouse.public" })

            let bigquery = Fixtures.json(["duckdbConnection": ["attachedDatabases": [[
                "name": "bq", "type": "bigquery", "bigqueryConnection": Fixtures.bigquery("x"),
            ]]]])
            try await client.send(.post, "/api/v0/projects/p/connections/bq", json: bigquery)
            let missing = try await client.query("p", "bq", "SELECT 1")
            #expect(missing.status == .notImplemented)
            #expect(missing.message.contains("bigquery"))
            let tested = try await client.send(.post, "/api/v0/projects/p/connections/bq/test")
            #expect(tested.json["status"] as? String == "failed")
            _ = try await client.rows("p", "pg", "DROP TABLE public.\(table)")
        }
    }
}
