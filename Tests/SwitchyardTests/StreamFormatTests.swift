import Foundation
@testable import SwitchyardServer
import TestProcesses
import Testing

/// `sqlQuery`'s stream formats beside its JSON answer, checked by readers other than ours:
/// Python's `csv` module for CSV, PyPI's pyarrow for Arrow.
@Suite struct StreamFormatTests {
    static let tricky = """
        SELECT g AS n, CASE WHEN g = 2 THEN NULL ELSE 'a, "quoted"' || chr(10) || 'line ' || g END AS text,
               g * 1.25 AS amount, g % 2 = 0 AS even
        FROM generate_series(1, 3) AS g ORDER BY g
        """

    /// Runs `script` with `interpreter` on `input` (a file) and returns what it printed.
    private func python(_ script: String, input: some DataProtocol, interpreter: String = "/usr/bin/python3") async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (source, data) = (directory.appendingPathComponent("check.py"), directory.appendingPathComponent("input"))
        try Data(script.utf8).write(to: source)
        try Data(input).write(to: data)
        return try await ChildProcess.output(interpreter, [source.path, data.path])
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
                """, input: Data(csv.body.utf8))
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

    /// Every column's Arrow type as pyarrow names it, and each value beside the JSON answer's.
    @Test(arguments: ["postgres", "duckdb"])
    func arrowIsWhatPyarrowReadsWithTypesKept(engine: String) async throws {
        try Engine.requireDuckDB()
        let pyarrow = try #require(
            ProcessInfo.processInfo.environment["SWITCHYARD_TEST_PYARROW_PYTHON"], "SWITCHYARD_TEST_PYARROW_PYTHON is not set: eval \"$(scripts/setup-referees env)\"")
        let common = """
            g::BIGINT AS n, CAST(g * 1.25 AS DECIMAL(12,2)) AS amount, g / 4.0::DOUBLE PRECISION AS ratio, g % 2 = 0 AS even,
            'row ' || g AS label, DATE '2024-02-28' + CAST(g AS INTEGER) AS day, TIMESTAMP '2024-02-29 13:45:30.123456' AS local,
            CASE WHEN g = 2 THEN NULL ELSE g::BIGINT END AS maybe
            """
        let sql = engine == "postgres"
            ? "SELECT \(common), TIME '13:45:30.123456' AS at, TIMESTAMPTZ '2024-02-29 13:45:30.123456+00' AS instant, decode('deadbeef', 'hex') AS raw FROM generate_series(1, 3) AS g"
            : "SELECT \(common) FROM generate_series(1, 3) AS t(g)"
        var expectedTypes = [
            "n": "int64", "amount": "decimal128(12, 2)", "ratio": "double", "even": "bool", "label": "string", "day": "date32[day]",
            "local": "timestamp[us]", "maybe": "int64",
        ]
        if engine == "postgres" {
            expectedTypes["at"] = "time64[us]"
            expectedTypes["instant"] = "timestamp[us, tz=UTC]"
            expectedTypes["raw"] = "binary"
        }
        let types = expectedTypes
        try await TestServer().withPostgresProject { client, _ in
            try await client.send(.post, "/api/v0/projects/p/connections/duckdb", json: #"{"duckdbConnection":{}}"#)
            let connection = engine == "postgres" ? "pg" : "duckdb"
            let arrow = try await client.send(
                .post, "/api/v0/projects/p/connections/\(connection)/sqlQuery", json: Fixtures.json(["sqlStatement": sql]),
                headers: [.accept: "application/vnd.apache.arrow.stream"])
            try #require(arrow.status == .ok, "\(arrow.body)")
            #expect(arrow.headers[.contentType] == "application/vnd.apache.arrow.stream")
            let read = try await python("""
                import base64, datetime, json, sys
                import pyarrow as pa
                table = pa.ipc.open_stream(open(sys.argv[1], "rb")).read_all()
                def plain(value):
                    if isinstance(value, bytes): return base64.b64encode(value).decode()
                    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                        return value.astimezone(datetime.timezone.utc).replace(tzinfo=None).isoformat() + "Z"
                    if isinstance(value, (datetime.date, datetime.time)): return value.isoformat()
                    if value is None or isinstance(value, (bool, int, float, str)): return value
                    return str(value)
                print(json.dumps({"types": {f.name: str(f.type) for f in table.schema},
                                  "rows": [{k: plain(v) for k, v in row.items()} for row in table.to_pylist()]}))
                """, input: arrow.bytes, interpreter: pyarrow)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(read.utf8)) as? [String: Any], "\(read)")
            #expect(object["types"] as? [String: String] == types)
            let rows = try #require(object["rows"] as? [[String: Any]])
            let json = try await client.rows("p", connection, sql)
            try #require(rows.count == 3 && json.count == 3)
            for (arrowRow, jsonRow) in zip(rows, json) {
                for (column, value) in jsonRow {
                    let (read, answered) = ("\(arrowRow[column] ?? "missing")", "\(value)")
                    // Decimals: pyarrow prints the scale's zeros (2.50), JSON parsing drops them.
                    let same = read == answered || (Double(read) != nil && Double(read) == Double(answered))
                    #expect(same, "\(engine) \(column): \(read) vs \(answered)")
                }
            }
        }
    }
}

/// The text the drivers give, as the Arrow stream's numbers.
@Suite struct ArrowValueTextTests {
    @Test func decimalsBecomeTheirUnscaledIntegers() {
        #expect(Decimal128Text.unscaled("-123.4", scale: 2) == -12340)
        #expect(Decimal128Text.unscaled("0.05", scale: 2) == 5)
        #expect(Decimal128Text.unscaled("+7", scale: 3) == 7000)
        #expect(Decimal128Text.unscaled(String(repeating: "9", count: 38), scale: 0) == Int128(String(repeating: "9", count: 38)))
        for bad in ["1.234", "", "-", "1e5", "NaN", "1.2.3", String(repeating: "9", count: 39)] {
            #expect(Decimal128Text.unscaled(bad, scale: 2) == nil, "\(bad)")
        }
    }

    @Test func datesAndTimesBecomeDaysAndMicroseconds() {
        #expect(Timestamp.days("1970-01-01") == 0)
        #expect(Timestamp.days("1969-12-31") == -1)
        #expect(Timestamp.days("2024-02-29") == 19_782)
        #expect(Timestamp.days("0001-01-01") == -719_162)
        #expect(Timestamp.microsOfDay("13:45:30.123456") == 49_530_123_456)
        #expect(Timestamp.microsOfDay("00:00:01.5") == 1_500_000)
        #expect(Timestamp.micros("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.micros("1969-12-31T23:59:59.999999Z") == -1)
        #expect(Timestamp.micros("2024-02-29T13:45:30.123456+02:00") == Timestamp.micros("2024-02-29T11:45:30.123456Z"))
        #expect(Timestamp.micros("2024-02-29 13:45:30") == Int64(1_709_214_330_000_000))
        #expect(Timestamp.hasZone("2024-02-29T13:45:30Z") && !Timestamp.hasZone("2024-02-29T13:45:30"))
        for bad in ["2024-13-01", "2024-02-29", "13:45", "x"] {
            #expect(Timestamp.micros(bad) == nil, "\(bad)")
        }
    }
}
