import DuckDBDriver
import SwitchyardDrivers
import Testing

@Suite("DuckDB schemas and tables", .timeLimit(.minutes(1)))
struct CatalogTests {
    static let setup = """
        CREATE SCHEMA sales;
        CREATE TABLE sales.orders (id INTEGER, amount DECIMAL(18,3), placed TIMESTAMPTZ, note VARCHAR, tags VARCHAR[]);
        CREATE TABLE sales.customers (name VARCHAR);
        CREATE TABLE t (a INTEGER);
        INSERT INTO t VALUES (1)
        """

    @Test func schemasAreNamedAndFlagged() async throws {
        let schemas = try await withDriver { driver throws in
            _ = try await rows(driver, Self.setup)
            return try await driver.schemas()
        }
        #expect(schemas.contains(SchemaInfo(name: "main", isDefault: true, isHidden: false)))
        #expect(schemas.contains(SchemaInfo(name: "sales", isDefault: false, isHidden: false)))
        #expect(schemas.contains(SchemaInfo(name: "system.information_schema", isDefault: false, isHidden: true)))
        #expect(schemas.contains(SchemaInfo(name: "system.pg_catalog", isDefault: false, isHidden: true)))
        #expect(schemas.contains(SchemaInfo(name: "temp.main", isDefault: false, isHidden: true)))
        #expect(schemas.filter(\.isDefault).count == 1)
    }

    @Test func tablesListTheirColumnsInOrder() async throws {
        try await withDriver { driver throws in
            _ = try await rows(driver, Self.setup)
            let orders = TableInfo(schema: "sales", name: "orders", columns: [
                ColumnInfo(name: "id", type: "INTEGER"), ColumnInfo(name: "amount", type: "DECIMAL(18,3)"),
                ColumnInfo(name: "placed", type: "TIMESTAMP WITH TIME ZONE"), ColumnInfo(name: "note", type: "VARCHAR"),
                ColumnInfo(name: "tags", type: "VARCHAR[]"),
            ])
            let customers = TableInfo(schema: "sales", name: "customers", columns: [ColumnInfo(name: "name", type: "VARCHAR")])
            #expect(try await driver.tables(inSchema: "sales", named: nil) == [customers, orders])
            #expect(try await driver.tables(inSchema: "sales", named: ["orders", "missing"]) == [orders])
            #expect(try await driver.tables(inSchema: "sales", named: []) == [])
            #expect(try await driver.table("orders", inSchema: "sales") == orders)
            #expect(try await driver.table("orders", inSchema: "main") == nil)
            #expect(try await driver.table("t", inSchema: "main")?.columns == [ColumnInfo(name: "a", type: "INTEGER")])
            #expect(try await driver.tables(inSchema: "nowhere", named: nil) == [])
        }
    }

    @Test(arguments: [
        ("main' OR '1'='1", nil),
        ("main", "x\"; DROP TABLE t; --"),
        ("main", "t' OR '1'='1"),
        ("main\"; DROP TABLE t; --", "t"),
        ("' OR 1=1 --", "' OR 1=1 --"),
    ] as [(String, String?)])
    func namesAreParametersNotSQL(schema: String, table: String?) async throws {
        try await withDriver { driver throws in
            _ = try await rows(driver, Self.setup)
            #expect(try await driver.tables(inSchema: schema, named: table.map { [$0] }) == [])
            if let table { #expect(try await driver.table(table, inSchema: schema) == nil) }
            #expect(try await rows(driver, "SELECT a FROM t") == [[.integer(1)]])
            #expect(try await driver.table("t", inSchema: "main") != nil)
        }
    }

    @Test func temporaryTablesAreSeenFromEveryConnection() async throws {
        try await withDriver(maxConnections: 2) { driver throws in
            let name = try await driver.createTemporaryTable(from: "SELECT 1 AS a UNION ALL SELECT 2")
            #expect(name.hasPrefix("\"switchyard_tmp_") && name.hasSuffix("\""))
            // Hold one connection so that the next statement runs on the other.
            let holder = try await driver.query("SELECT sum(a) FROM \(name)")
            #expect(try await rows(driver, "SELECT sum(a) FROM \(name)") == [[.bigInteger("3")]])
            #expect(try await holder.next() == [[.bigInteger("3")]])
            await holder.close()
            let other = try await driver.createTemporaryTable(from: "SELECT 'x' AS v")
            #expect(other != name)
        }
    }

    @Test func aFailingTemporaryTableReportsTheStatement() async throws {
        try await withDriver { driver throws in
            do {
                _ = try await driver.createTemporaryTable(from: "SELECT * FROM no_such_table")
                Issue.record("expected a failure")
            } catch let error as DriverError {
                guard case .statementFailed(let message) = error else {
                    Issue.record("got \(error)")
                    return
                }
                #expect(message.contains("no_such_table"))
            }
        }
    }

    @Test func testRunsATrivialStatement() async throws {
        try await withDriver { try await $0.test() }
    }
}
