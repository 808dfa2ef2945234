import PostgresDriver
import SwitchyardDrivers
import Testing

@Suite("Values and column types", .timeLimit(.minutes(1)))
struct ValueTests {
    /// Each common type: the SQL that makes a value, the type name and the value expected.
    static let cases: [(sql: String, type: String, value: SQLValue)] = [
        ("9223372036854775807::bigint", "bigint", .integer(9_223_372_036_854_775_807)),
        ("(-32768)::smallint", "smallint", .integer(-32768)),
        ("2147483647", "integer", .integer(2_147_483_647)),
        ("12345678901234567890.123456789::numeric", "numeric", .decimal("12345678901234567890.123456789")),
        ("(-987.650)::numeric", "numeric", .decimal("-987.650")),
        ("0.0001::numeric", "numeric", .decimal("0.0001")),
        ("0::numeric(10,2)", "numeric(10,2)", .decimal("0.00")),
        ("'NaN'::numeric", "numeric", .string("NaN")),
        ("1.5::float8", "double precision", .double(1.5)),
        ("1.1::float4", "real", .double(1.1)),
        ("'-Infinity'::float8", "double precision", .string("-Infinity")),
        ("'2024-02-29'::date", "date", .date("2024-02-29")),
        ("'1999-12-31'::date", "date", .date("1999-12-31")),
        ("'13:45:30.123456'::time", "time without time zone", .time("13:45:30.123456")),
        ("'2024-02-29 13:45:30.5'::timestamp", "timestamp without time zone", .timestampMicros(1_709_214_330_500_000, utc: false)),  // 2024-02-29T13:45:30.5
        ("'1970-01-01 00:00:00'::timestamp", "timestamp without time zone", .timestampMicros(0, utc: false)),
        ("'infinity'::timestamp", "timestamp without time zone", .string("infinity")),
        (
            "'2024-02-29 13:45:30+02'::timestamptz", "timestamp with time zone",
            .timestampMicros(1_709_207_130_000_000, utc: true)  // 2024-02-29T11:45:30Z
        ),
        ("'\\xdeadbeef00'::bytea", "bytea", .bytes([0xDE, 0xAD, 0xBE, 0xEF, 0x00])),
        (
            "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid", "uuid",
            .string("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        ),
        ("'{\"a\": [1, 2]}'::json", "json", .json("{\"a\": [1, 2]}")),
        ("'{\"b\": 1, \"a\": [true, null]}'::jsonb", "jsonb", .json("{\"a\": [true, null], \"b\": 1}")),
        ("ARRAY[1, NULL, 3]", "integer[]", .json("[1,null,3]")),
        ("ARRAY['x', 'y\"z', NULL]", "text[]", .json("[\"x\",\"y\\\"z\",null]")),
        ("'{{1,2},{3,4}}'::bigint[]", "bigint[]", .json("[[1,2],[3,4]]")),
        ("'{}'::int[]", "integer[]", .json("[]")),
        ("ARRAY[1.50, NULL]::numeric[]", "numeric[]", .json("[1.50,null]")),
        ("ARRAY['2024-01-02'::date]", "date[]", .json("[\"2024-01-02\"]")),
        ("ARRAY[true, false]", "boolean[]", .json("[true,false]")),
        ("ARRAY['{\"k\": 1}'::jsonb]", "jsonb[]", .json("[{\"k\": 1}]")),
        ("true", "boolean", .bool(true)),
        ("NULL::text", "text", .null),
        ("'grüße 東京 🚀'::text", "text", .string("grüße 東京 🚀")),
        ("'abc'::varchar(5)", "character varying(5)", .string("abc")),
        ("'ab'::char(3)", "character(3)", .string("ab ")),
        ("'1 year 2 mons 3 days 04:05:06.5'::interval", "interval", .string("1 year 2 mons 3 days 04:05:06.5")),
        ("'-1 day +02:00'::interval", "interval", .string("-1 days +02:00:00")),
        ("'192.168.1.10'::inet", "inet", .string("192.168.1.10")),
        ("'2001:db8::/32'::cidr", "cidr", .string("2001:db8::/32")),
        ("B'10110'", "\"bit\"", .string("10110")),
        ("'08:00:2b:01:02:03'::macaddr", "macaddr", .string("08:00:2b:01:02:03")),
        ("'12:30:00+05:30'::timetz", "time with time zone", .time("12:30:00+05:30")),
    ]

    @Test func eachCommonTypeReadsExactly() async throws {
        let select = "SELECT " + Self.cases.enumerated().map { "\($1.sql) AS c\($0)" }.joined(separator: ", ")
        try await TestDatabase.withDriver { driver in
            let cursor = try await driver.query(select)
            #expect(cursor.columns.map(\.name) == Self.cases.indices.map { "c\($0)" })
            let rows = try #require(try await cursor.next())
            #expect(try await cursor.next() == nil)
            let row = try #require(rows.first)
            for (index, expected) in Self.cases.enumerated() {
                #expect(cursor.columns[index].type == expected.type, "type of \(expected.sql)")
                #expect(row[index] == expected.value, "value of \(expected.sql)")
            }
        }
    }

    @Test func columnsAreKnownForAnEmptyResult() async throws {
        try await TestDatabase.withDriver { driver in
            let cursor = try await driver.query("SELECT 1::int8 AS id, 'x'::text AS name, now() AS at WHERE false")
            #expect(
                cursor.columns == [
                    ColumnInfo(name: "id", type: "bigint"), ColumnInfo(name: "name", type: "text"),
                    ColumnInfo(name: "at", type: "timestamp with time zone"),
                ]
            )
            #expect(try await cursor.next() == nil)
        }
    }

    /// With a pool of one, busy with the statement itself, so the lookup cannot use the pool.
    @Test func enumTypesAreLearnedFromTheServer() async throws {
        try await TestDatabase.withDriver(maxConnections: 1) { driver in
            try await TestDatabase.withSchema(driver) { schema in
                try await TestDatabase.execute(driver, "CREATE TYPE \(schema).mood AS ENUM ('happy', 'sad')")
                let started = ContinuousClock.now
                let cursor = try await driver.query(
                    "SELECT 'sad'::\(schema).mood AS m, ARRAY['happy'::\(schema).mood] AS ms, NULL::\(schema).mood AS n"
                )
                #expect(cursor.columns.map(\.type) == ["\(schema).mood", "\(schema).mood[]", "\(schema).mood"])
                #expect(try await cursor.next() == [[.string("sad"), .json("[\"happy\"]"), .null]])
                #expect(ContinuousClock.now - started < .seconds(3))
            }
        }
    }

    @Test func unsupportedTypesBecomeAPlaceholder() async throws {
        try await TestDatabase.withDriver { driver in
            let rows = try await TestDatabase.rows(driver, "SELECT 'a fat cat'::tsvector")
            #expect(rows == [[.string("[unsupported type: tsvector]")]])
        }
    }
}
