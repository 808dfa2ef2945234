import PostgresDriver
import SwitchyardDrivers
import Testing

@Suite("Schemas, tables and statements about them", .timeLimit(.minutes(1)))
struct CatalogTests {
    static let itemColumns = [
        ColumnInfo(name: "id", type: "integer"),
        ColumnInfo(name: "name", type: "character varying(20)"),
        ColumnInfo(name: "price", type: "numeric(10,2)"),
        ColumnInfo(name: "tags", type: "text[]"),
        ColumnInfo(name: "created", type: "timestamp with time zone"),
    ]

    /// A schema with a table `items` (one row) and a view `item_names`.
    static func withItems(_ body: @Sendable (PostgresDriver, String) async throws -> Void) async throws {
        try await TestDatabase.withDriver { driver in
            try await TestDatabase.withSchema(driver) { schema in
                try await TestDatabase.execute(
                    driver,
                    """
                    CREATE TABLE \(schema).items (id integer PRIMARY KEY, name character varying(20),
                      price numeric(10,2), tags text[], created timestamp with time zone)
                    """
                )
                try await TestDatabase.execute(
                    driver,
                    "INSERT INTO \(schema).items VALUES (1, 'lamp', 12.50, '{a,b}', '2024-01-02 03:04:05Z')"
                )
                try await TestDatabase.execute(
                    driver,
                    "CREATE VIEW \(schema).item_names AS SELECT id, name FROM \(schema).items"
                )
                try await body(driver, schema)
            }
        }
    }

    @Test func schemasAreListedWithDefaultAndHidden() async throws {
        try await Self.withItems { (driver, schema) async throws in
            let schemas = try await driver.schemas()
            let byName = Dictionary(schemas.map { ($0.name, $0) }) { first, _ in first }
            #expect(byName[schema] == SchemaInfo(name: schema, isDefault: false, isHidden: false))
            #expect(byName["public"]?.isDefault == true)
            #expect(byName["public"]?.isHidden == false)
            #expect(byName["pg_catalog"]?.isHidden == true)
            #expect(byName["information_schema"]?.isHidden == true)
            #expect(schemas.filter(\.isDefault).count == 1)
        }
    }

    @Test func tablesAndViewsWithColumnsInOrder() async throws {
        try await Self.withItems { (driver, schema) async throws in
            let tables = try await driver.tables(inSchema: schema, named: nil)
            #expect(
                tables == [
                    TableInfo(schema: schema, name: "item_names", columns: Array(Self.itemColumns.prefix(2))),
                    TableInfo(schema: schema, name: "items", columns: Self.itemColumns),
                ]
            )
            #expect(try await driver.tables(inSchema: schema, named: ["items", "nope"]).map(\.name) == ["items"])
            #expect(try await driver.table("items", inSchema: schema)?.columns == Self.itemColumns)
            #expect(try await driver.table("nope", inSchema: schema) == nil)
        }
    }

    @Test func queryColumnsNameTypesAsTheCatalogDoes() async throws {
        try await Self.withItems { (driver, schema) async throws in
            let cursor = try await driver.query("SELECT * FROM \(schema).items")
            #expect(cursor.columns == Self.itemColumns)
            #expect(
                try await cursor.next() == [
                    [
                        .integer(1), .string("lamp"), .decimal("12.50"), .json("[\"a\",\"b\"]"),
                        .timestampMicros(1_704_164_645_000_000, utc: true),  // 2024-01-02T03:04:05Z
                    ]
                ]
            )
        }
    }

    @Test func namesAreBoundNotSpliced() async throws {
        try await Self.withItems { (driver, schema) async throws in
            #expect(try await driver.tables(inSchema: "public' OR '1'='1", named: nil).isEmpty)
            #expect(try await driver.tables(inSchema: "x\"; DROP TABLE t; --", named: nil).isEmpty)
            #expect(try await driver.table("x\"; DROP TABLE \(schema).items; --", inSchema: schema) == nil)
            #expect(try await driver.table("items' OR '1'='1", inSchema: schema) == nil)
            #expect(try await driver.table("items", inSchema: "\(schema)' OR '1'='1") == nil)
            #expect(
                try await driver.tables(inSchema: schema, named: ["x'); DROP TABLE \(schema).items; --"]).isEmpty
            )
            #expect(try await TestDatabase.rows(driver, "SELECT count(*) FROM \(schema).items") == [[.integer(1)]])
        }
    }

    @Test func describeGivesColumnsWithoutRunningTheStatement() async throws {
        try await TestDatabase.withDriver { driver in
            let started = ContinuousClock.now
            let columns = try await driver.describe(
                "SELECT 1 AS a, 'x'::text AS b, now() AS c, pg_sleep(10) AS d -- a trailing comment"
            )
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(
                columns == [
                    ColumnInfo(name: "a", type: "integer"), ColumnInfo(name: "b", type: "text"),
                    ColumnInfo(name: "c", type: "timestamp with time zone"), ColumnInfo(name: "d", type: "void"),
                ]
            )
            #expect(
                try await driver.describe("VALUES (1::int8, 2.5);  ") == [
                    ColumnInfo(name: "column1", type: "bigint"), ColumnInfo(name: "column2", type: "numeric"),
                ]
            )
            await #expect(throws: DriverError.self) { try await driver.describe("SELECT * FROM no_such_table_here") }
        }
    }

    @Test func describeRefusesToRunStatementsThatChangeData() async throws {
        try await Self.withItems { (driver, schema) async throws in
            await #expect(throws: DriverError.self) {
                try await driver.describe("DELETE FROM \(schema).items RETURNING id")
            }
            #expect(try await TestDatabase.rows(driver, "SELECT count(*) FROM \(schema).items") == [[.integer(1)]])
        }
    }

    @Test func temporaryTableCanBeQueried() async throws {
        // Several pooled sessions: the table is read from whichever serves the next statement.
        try await TestDatabase.withDriver(maxConnections: 4) { driver in
            let name = try await driver.createTemporaryTable(
                from: "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 3) g;"
            )
            #expect(name.hasPrefix("\"switchyard_scratch\".\"tmp_") && name.hasSuffix("\""))
            let rows = try await TestDatabase.rows(driver, "SELECT n, label FROM \(name) ORDER BY n")
            #expect(
                rows == [
                    [.integer(1), .string("row 1")], [.integer(2), .string("row 2")], [.integer(3), .string("row 3")],
                ]
            )
            let other = try await driver.createTemporaryTable(from: "SELECT 1 AS one")
            #expect(other != name)
        }
    }
}
