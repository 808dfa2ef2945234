import Foundation
import Testing

/// The one path every statement route takes — admit, lease, deadline, release — and what a
/// client sees of it over real HTTP connections, against the private PostgreSQL. Each test has
/// a time limit, so that one that waits for good fails under its own name instead of holding
/// the lane.
@Suite(.timeLimit(.minutes(1))) struct StatementPathTests {
    let base = "/api/v0/projects/p/connections/pg"

    /// `sqlSource` plans without running, so the statement is slow to plan: an immutable
    /// function is folded at planning time, sleeping there.
    @Test(arguments: ["sqlTemporaryTable", "sqlSource", "sqlQuery"])
    func everyStatementRouteKeepsTheTimeLimit(route: String) async throws {
        var server = TestServer()
        server.configuration.queryLimits.timeout = .seconds(2)
        try await server.withPostgresProject { client, engine in
            _ = try await client.rows("p", "pg", """
                CREATE OR REPLACE FUNCTION switchyard_slow_plan_\(route)(seconds float8) RETURNS int
                LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN PERFORM pg_sleep(seconds); RETURN 1; END $$
                """)
            let marker = "25.\(Int.random(in: 100...999))"
            let start = ContinuousClock.now
            let reply = try await client.send(
                .post, "\(base)/\(route)", json: Fixtures.json(["sqlStatement": "SELECT switchyard_slow_plan_\(route)(\(marker)) AS one"]))
            #expect(reply.status == .gatewayTimeout, "\(reply.body)")
            #expect(ContinuousClock.now - start < .seconds(8))
            let running = "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%\(marker)%' AND query NOT LIKE '%pg_stat_activity%'"
            #expect(try await poll(for: .seconds(3), until: 0) { try await engine.postgresCount(running) } == 0)
        }
    }

    @Test func schemaRoutesShareTheConcurrencyCap() async throws {
        var server = TestServer()
        server.configuration.queryLimits.maxConcurrentQueries = 1
        try await server.withPostgresProject { client, _ in
            async let slow = client.query("p", "pg", "SELECT pg_sleep(1.5)")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await client.get("\(base)/schemas").status == .serviceUnavailable)
            #expect(try await client.send(.post, "\(base)/sqlSource", json: #"{"sqlStatement":"SELECT 1"}"#).status == .serviceUnavailable)
            #expect(try await slow.status == .ok)
            #expect(try await client.get("\(base)/schemas").status == .ok)
        }
    }

    @Test func aRefusedDatabaseFailsAStatementAtOnce() async throws {
        try await TestServer().withPostgresProject { client, engine in
            let closed = Fixtures.json(["postgresConnection": [
                "host": "127.0.0.1", "port": 1, "databaseName": "x", "userName": "u", "password": "refused-pw-77",
            ]])
            try #require(try await client.send(.post, "/api/v0/projects/p/connections/down", json: closed).status == .created)
            let start = ContinuousClock.now
            let reply = try await client.query("p", "down", "SELECT 1")
            #expect(reply.status == .badGateway, "\(reply.body)")
            #expect(ContinuousClock.now - start < .seconds(3))
            #expect(reply.message.lowercased().contains("refused"), "\(reply.body)")
            #expect(!reply.body.contains("refused-pw-77"))
        }
    }

    @Test func patchesRacingStatementsNeverFailThem() async throws {
        try await TestServer().withPostgresProject { client, engine in
            let failures = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        var failed: [String] = []
                        for _ in 0..<60 {
                            let reply = try await client.query("p", "pg", "SELECT 1 AS one")
                            if reply.status != .ok { failed.append("\(reply.status.code) \(reply.body)") }
                        }
                        return failed
                    }
                }
                group.addTask {
                    var failed: [String] = []
                    for round in 0..<40 {
                        let patch = Fixtures.json(["postgresConnection": ["port": engine.port, "databaseName": engine.database]])
                        let reply = try await client.send(.patch, base, json: patch)
                        if reply.status != .ok { failed.append("PATCH \(round): \(reply.status.code) \(reply.body)") }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    return failed
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(failures.isEmpty, "\(failures.prefix(3))")
        }
    }

    @Test func statementAnswersKeepTheConnectionOpen() async throws {
        try await TestServer().withPostgresProject(live: true) { client, _ in
            let port = try #require(client.client.port)
            // A connection named like a route gets no special treatment either.
            try #require(try await client.send(.post, "/api/v0/projects/p/connections/test", json: Fixtures.body(.trino)).status == .created)
            let urls = ["\(base)/schemas", "\(base)/sqlSource?sqlStatement=SELECT%201", "/api/v0/projects/p/connections/test"]
            let connects = try await Curl.connectionsUsed(port: port, paths: urls)
            #expect(connects == [1, 0, 0], "new connections per request: \(connects)")
            let query = try await client.query("p", "pg", "SELECT 1")
            #expect(query.headers[.connection] == nil)
        }
    }

    @Test(arguments: ["application/json", "application/x-ndjson"])
    func aClientThatLeavesBeforeTheFirstRowCancelsTheStatement(accept: String) async throws {
        try await TestServer().withPostgresProject(live: true) { client, engine in
            let marker = "pg_sleep(32.\(Int.random(in: 100...999)))"
            let port = try #require(client.client.port)
            let curl = try Curl.start(
                port: port, path: "\(base)/sqlQuery", json: Fixtures.json(["sqlStatement": "SELECT \(marker)"]), accept: accept)
            let running = "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%\(marker)%' AND query NOT LIKE '%pg_stat_activity%'"
            #expect(try await poll(for: .seconds(10), until: 1) { try await engine.postgresCount(running) } == 1)
            try await curl.stop()
            #expect(try await poll(for: .seconds(2), until: 0) { try await engine.postgresCount(running) } == 0)
        }
    }

    @Test func aClientThatLeavesMidStreamCancelsTheStatement() async throws {
        try await TestServer().withPostgresProject(live: true) { client, engine in
            let marker = "switchyard_stream_\(Int.random(in: 100...999))"
            let port = try #require(client.client.port)
            let sql = "SELECT g AS \(marker), (SELECT 1 FROM pg_sleep(CASE WHEN g = 5000 THEN 30 ELSE 0 END)) AS pause FROM generate_series(1, 10000) g"
            let curl = try Curl.start(
                port: port, path: "\(base)/sqlQuery", json: Fixtures.json(["sqlStatement": sql]), accept: "application/x-ndjson")
            let running = "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%\(marker)%' AND query NOT LIKE '%pg_stat_activity%'"
            #expect(try await poll(for: .seconds(10), until: 1) { try await engine.postgresCount(running) } == 1)
            try await Task.sleep(for: .milliseconds(300))
            try await curl.stop()
            #expect(try await poll(for: .seconds(2), until: 0) { try await engine.postgresCount(running) } == 0)
        }
    }

    /// PostgreSQL and MySQL keep a `TEMPORARY` table in one session; ours must outlive that.
    @Test(arguments: ["postgres", "mysql"])
    func aTemporaryTableIsReadByLaterStatementsOnAnySessionUntilItExpires(engineName: String) async throws {
        var server = TestServer()
        server.configuration.temporaryTableLifetime = .seconds(1)
        defer { server.removeDirectory() }
        let body = engineName == "postgres" ? try Engine.postgres().postgresBody : try Engine.mysql().mysqlBody
        let pause = engineName == "postgres" ? "(SELECT 1 FROM pg_sleep(0.2))" : "SLEEP(0.2)"
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try #require(try await client.send(.post, "/api/v0/projects/p/connections/db", json: body).status == .created)
            func materialise() async throws -> String {
                let made = try await client.send(
                    .post, "/api/v0/projects/p/connections/db/sqlTemporaryTable",
                    json: #"{"sqlStatement":"SELECT 1 AS g UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5"}"#)
                try #require(made.status == .ok, "\(made.body)")
                return try #require(made.json["table"] as? String)
            }
            let table = try await materialise()
            // More statements at once than one pooled session could serve.
            let counts = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let rows = try await client.rows("p", "db", "SELECT count(*) AS n, \(pause) AS pause FROM \(table)")
                        return (rows.first?["n"] as? NSNumber)?.intValue
                    }
                }
                return try await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 5, count: 8))
            try await Task.sleep(for: .seconds(2.2))
            _ = try await materialise()
            let gone = try await client.query("p", "db", "SELECT count(*) FROM \(table)")
            #expect(gone.status == .badRequest, "an expired table is dropped: \(gone.body)")
        }
    }
}
