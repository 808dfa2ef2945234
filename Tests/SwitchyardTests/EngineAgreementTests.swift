import Foundation
import Testing

/// The same value reads the same whatever engine holds it.
@Suite struct EngineAgreementTests {
    @Test func timesAndTimestampsPrintAlikeInEveryEngine() async throws {
        try Engine.requireDuckDB()
        let postgres = try Engine.postgres()
        let mysql = try Engine.mysql()
        var server = TestServer()
        server.configuration.seedDefaultProject = true
        defer { server.removeDirectory() }
        try await server.run { client in
            let base = "/api/v0/projects/default/connections"
            try #require(try await client.send(.post, "\(base)/pg", json: postgres.postgresBody).status == .created)
            try #require(try await client.send(.post, "\(base)/my", json: mysql.mysqlBody).status == .created)
            let standard = "SELECT TIMESTAMP '2024-02-29 13:45:01.25' AS at, TIME '13:45:01.5' AS t, TIME '13:45:01' AS whole"
            let mariadb = """
                SELECT CAST('2024-02-29 13:45:01.25' AS DATETIME(6)) AS at, CAST('13:45:01.5' AS TIME(6)) AS t,
                  CAST('13:45:01' AS TIME(6)) AS whole
                """
            var answers: [String: [String]] = [:]
            for (connection, sql) in [("pg", standard), ("duckdb", standard), ("my", mariadb)] {
                let row = try #require(try await client.rows("default", connection, sql).first)
                answers[connection] = ["at", "t", "whole"].map { row[$0] as? String ?? "\(row[$0] ?? "missing")" }
            }
            let expected = ["2024-02-29T13:45:01.25", "13:45:01.5", "13:45:01"]
            #expect(answers == ["pg": expected, "duckdb": expected, "my": expected])
        }
    }
}
