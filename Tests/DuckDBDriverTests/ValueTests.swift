import DuckDBDriver
import SwitchyardDrivers
import Testing

@Suite("DuckDB values and types", .timeLimit(.minutes(1)))
struct ValueTests {
    @Test func versionIsThePinnedOne() async throws {
        let version = try await withDriver { try await rows($0, "SELECT version()") }
        #expect(version == [[.string("v1.5.5")]])
    }

    /// One row holding each common type, with the exact value a client must receive.
    static let expected: [(sql: String, value: SQLValue)] = [
        ("9223372036854775807::BIGINT", .integer(9_223_372_036_854_775_807)),
        ("(-128)::TINYINT", .integer(-128)),
        ("65535::USMALLINT", .integer(65535)),
        ("18446744073709551615::UBIGINT", .bigInteger("18446744073709551615")),
        ("170141183460469231731687303715884105727::HUGEINT", .bigInteger("170141183460469231731687303715884105727")),
        ("(-18446744073709551617)::HUGEINT", .bigInteger("-18446744073709551617")),
        ("340282366920938463463374607431768211455::UHUGEINT", .bigInteger("340282366920938463463374607431768211455")),
        ("12345678901234.5678::DECIMAL(18,4)", .decimal("12345678901234.5678")),
        ("(-0.05)::DECIMAL(4,2)", .decimal("-0.05")),
        ("123456.789::DECIMAL(9,3)", .decimal("123456.789")),
        ("12345678901234567890123456.789012::DECIMAL(38,6)", .decimal("12345678901234567890123456.789012")),
        ("1.5::DOUBLE", .double(1.5)),
        ("0.1::FLOAT", .double(0.1)),
        ("true", .bool(true)),
        ("'héllo'", .string("héllo")),
        ("'a string longer than twelve bytes'", .string("a string longer than twelve bytes")),
        ("'\\xAA\\x00\\xFF'::BLOB", .bytes([0xAA, 0x00, 0xFF])),
        ("DATE '2024-02-29'", .date("2024-02-29")),
        ("DATE '0001-01-01' - 1", .date("0000-12-31")),
        ("TIME '13:45:01.25'", .time("13:45:01.25")),
        ("TIMESTAMP '2024-02-29 13:45:01.123456'", .timestampMicros(1_709_214_301_123_456, utc: false)),  // 2024-02-29T13:45:01.123456
        ("TIMESTAMP '1969-12-31 23:59:59.5'", .timestampMicros(-500_000, utc: false)),  // 1969-12-31T23:59:59.5
        ("TIMESTAMP_S '2024-02-29 13:45:01'", .timestamp("2024-02-29T13:45:01")),
        ("TIMESTAMP_MS '2024-02-29 13:45:01.120'", .timestamp("2024-02-29T13:45:01.12")),
        ("TIMESTAMP_NS '2024-02-29 13:45:01.123456789'", .timestamp("2024-02-29T13:45:01.123456789")),
        ("TIMESTAMPTZ '2024-02-29 13:45:01+02'", .timestampMicros(1_709_207_101_000_000, utc: true)),  // 2024-02-29T11:45:01Z
        ("'infinity'::TIMESTAMP", .timestamp("infinity")),
        ("INTERVAL '1 year 2 months 3 days 04:05:06.5'", .string("1 year 2 months 3 days 04:05:06.5")),
        ("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", .string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
        ("'00000000-0000-0000-0000-000000000001'::UUID", .string("00000000-0000-0000-0000-000000000001")),
        ("'ok'::ENUM('sad', 'ok')", .string("ok")),
        ("[1, NULL, 3]", .json("[1,null,3]")),
        ("{'a': 1, 'b': 'x \"q\"'}", .json(#"{"a":1,"b":"x \"q\""}"#)),
        ("MAP {'k': 1.5, 'j': NULL}", .json(#"{"k":1.5,"j":null}"#)),
        ("MAP {TIMESTAMP '2024-01-01 00:00:00.25': 1}", .json(#"{"2024-01-01T00:00:00.25":1}"#)),
        ("[TIMESTAMPTZ '2024-01-01 00:00:00+00', NULL]", .json(#"["2024-01-01T00:00:00Z",null]"#)),
        ("[1, 2]::INTEGER[2]", .json("[1,2]")),
        ("[[1], [], NULL]", .json("[[1],[],null]")),
        (
            "[{'d': DATE '2024-01-02', 'ts': TIMESTAMPTZ '2024-01-02 03:04:05Z', 'b': '\\x01'::BLOB, 'h': 2::HUGEINT, 'm': 0.50::DECIMAL(3,2)}]",
            .json(#"[{"d":"2024-01-02","ts":"2024-01-02T03:04:05Z","b":"AQ==","h":2,"m":0.50}]"#)
        ),
        ("union_value(num := 2)::UNION(num INTEGER, str VARCHAR)", .json(#"{"num":2}"#)),
        ("'{\"a\": [1, 2]}'::JSON", .json(#"{"a": [1, 2]}"#)),
        ("'10110'::BIT", .string("10110")),
        ("(-12345678901234567890123)::BIGNUM", .bigInteger("-12345678901234567890123")),
        ("NULL::INTEGER", .null),
        ("NULL", .null),
    ]

    @Test func eachTypeArrivesExactly() async throws {
        let select = "SELECT " + Self.expected.map(\.sql).joined(separator: ", ")
        let result = try await withDriver { try await rows($0, select) }
        try #require(result.count == 1)
        for (index, entry) in Self.expected.enumerated() {
            #expect(result[0][index] == entry.value, "\(entry.sql)")
        }
    }

    @Test func nullsComeFromTheValidityMask() async throws {
        let result = try await withDriver {
            try await rows($0, "SELECT CASE WHEN i % 2 = 0 THEN i END AS v, CASE WHEN i % 3 = 0 THEN 'x' END AS s FROM range(6) t(i)")
        }
        #expect(result.map(\.[0]) == [.integer(0), .null, .integer(2), .null, .integer(4), .null])
        #expect(result.map(\.[1]) == [.string("x"), .null, .null, .string("x"), .null, .null])
    }

    /// Type names must be DuckDB's own: compared with what DESCRIBE prints for the same query,
    /// from a query's columns, from `describe`, and from a table made of it.
    @Test func typeNamesAreDuckDBs() async throws {
        let select = "SELECT " + Self.expected.enumerated().map { "\($1.sql) AS c\($0)" }.joined(separator: ", ")
            + ", {'select': 1, 'Ab': 2, 'a b': 3, 'x1': [1]} AS fields, MAP {[1]: {'a': 2}} AS nested"
        try await withDriver { driver throws in
            let duckdbs = try await rows(driver, "SELECT column_name, column_type FROM (DESCRIBE \(select))")
            let expected = duckdbs.map { row -> ColumnInfo in
                guard case .string(let name) = row[0], case .string(let type) = row[1] else { return ColumnInfo(name: "?", type: "?") }
                return ColumnInfo(name: name, type: type)
            }
            let cursor = try await driver.query(select)
            #expect(cursor.columns == expected)
            await cursor.close()
            #expect(try await driver.describe(select) == expected)
            _ = try await rows(driver, "CREATE TABLE typed AS \(select)")
            let table = try await driver.table("typed", inSchema: "main")
            // A bare NULL becomes INTEGER once stored in a table.
            #expect(table?.columns == expected.map { $0.type == "\"NULL\"" ? ColumnInfo(name: $0.name, type: "INTEGER") : $0 })
        }
    }

    @Test func describeDoesNotRunTheStatement() async throws {
        try await withDriver { driver throws in
            _ = try await rows(driver, "CREATE TABLE kept (a INTEGER)")
            let columns = try await driver.describe("SELECT a, a::VARCHAR AS b FROM kept WHERE a > 0")
            #expect(columns == [ColumnInfo(name: "a", type: "INTEGER"), ColumnInfo(name: "b", type: "VARCHAR")])
            _ = try await driver.describe("DROP TABLE kept")
            #expect(try await driver.table("kept", inSchema: "main") != nil)
        }
    }

    @Test func badSQLIsAStatementFailure() async throws {
        let error = try await withDriver { await failure($0, "SELEC 1") }
        guard case .statementFailed(let message)? = error else { Issue.record("expected statementFailed, got \(String(describing: error))"); return }
        #expect(message.contains("syntax error"))
    }

    @Test func severalStatementsStreamTheLast() async throws {
        let result = try await withDriver { try await rows($0, "CREATE TABLE m (a INTEGER); INSERT INTO m VALUES (7); SELECT a * 6 FROM m") }
        #expect(result == [[.integer(42)]])
    }
}
