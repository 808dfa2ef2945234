import Foundation
import TestProcesses
import Testing

/// `sqlQuery`'s stream formats beside its JSON answer, checked by readers other than ours:
/// Python's `csv` module for CSV.
@Suite struct StreamFormatTests {
    static let tricky = """
        SELECT g AS n, CASE WHEN g = 2 THEN NULL ELSE 'a, "quoted"' || chr(10) || 'line ' || g END AS text,
               g * 1.25 AS amount, g % 2 = 0 AS even
        FROM generate_series(1, 3) AS g ORDER BY g
        """

    /// Runs `script` with python3 on `input` (a file) and returns what it printed.
    private func python(_ script: String, input: String) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (source, data) = (directory.appendingPathComponent("check.py"), directory.appendingPathComponent("input"))
        try Data(script.utf8).write(to: source)
        try Data(input.utf8).write(to: data)
        return try await ChildProcess.output("/usr/bin/python3", [source.path, data.path])
    }

    @Test(arguments: ["postgres", "duckdb"])
    func csvIsWhatPythonsCSVModuleReadsAndMatchesTheJSONAnswer(engine: String) async throws {
        try Engine.requireDuckDB()
        let server = TestServer()
        let sql = engine == "postgres" ? Self.tricky : Self.tricky.replacingOccurrences(of: "generate_series(1, 3) AS g", with: "generate_series(1, 3) AS t(g)")
        try await server.withPostgresProject { client, _ in
            try await client.send(.post, "/api/v0/projects/p/connections/duckdb", json: #"{"duckdbConnection":{}}"#)
            let connection = engine == "postgres" ? "pg" : "duckdb"
            let csv = try await client.send(
                .post, "/api/v0/projects/p/connections/\(connection)/sqlQuery", json: Fixtures.json(["sqlStatement": sql]),
                headers: [.accept: "text/csv"])
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.body.hasPrefix("n,text,amount,even\r\n"))
            let parsed = try await python("""
                import csv, json, sys
                with open(sys.argv[1], newline="") as f:
                    print(json.dumps(list(csv.reader(f))))
                """, input: csv.body)
            let table = try #require(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [[String]], "\(parsed)")
            let rows = try await client.rows("p", connection, sql)
            try #require(table.count == rows.count + 1)
            #expect(table[0] == ["n", "text", "amount", "even"])
            for (line, row) in zip(table.dropFirst(), rows) {
                #expect(line[0] == "\(row["n"]!)")
                #expect(line[1] == (row["text"] as? String ?? ""), "NULL is an empty field")
                #expect(Double(line[2]) == (row["amount"] as? NSNumber)?.doubleValue)
                #expect(line[3] == ((row["even"] as? Bool) == true ? "true" : "false"))
            }
            #expect(table[1][1] == "a, \"quoted\"\nline 1")
            // Preferences follow the qualities; JSON wins a tie.
            let preferred = try await client.send(
                .post, "/api/v0/projects/p/connections/\(connection)/sqlQuery", json: Fixtures.json(["sqlStatement": "SELECT 1 AS x"]),
                headers: [.accept: "application/json;q=0.5, text/csv;q=0.9"])
            #expect(preferred.body == "x\r\n1\r\n")
            let tie = try await client.send(
                .post, "/api/v0/projects/p/connections/\(connection)/sqlQuery", json: Fixtures.json(["sqlStatement": "SELECT 1 AS x"]),
                headers: [.accept: "application/json, text/csv"])
            #expect(tie.json["data"] != nil)
        }
    }
}
