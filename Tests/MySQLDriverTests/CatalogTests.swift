import MySQLDriver
import SwitchyardDrivers
import Testing

/// Schemas, tables, columns, statement descriptions and temporary tables.
@Suite struct CatalogTests {
    @Test func schemasMarkTheDefaultAndHideSystemOnes() async throws {
        let database = try TestDatabase.database
        try await TestDatabase.withDriver { driver in
            let schemas = try await driver.schemas()
            #expect(schemas.first { $0.name == database } == SchemaInfo(name: database, isDefault: true, isHidden: false))
            #expect(schemas.first { $0.name == "information_schema" }?.isHidden == true)
            #expect(schemas.filter(\.isDefault).count == 1)
        }
    }

    /// A column's type is named alike by the table routes, a query and a description.
    @Test func aTableReadsTheSameTypesFromItsRouteAndFromAQuery() async throws {
        let database = try TestDatabase.database
        let table = TestDatabase.uniqueName("same_types")
        try await TestDatabase.withDriver { driver in
            try await driver.execute(
                """
                CREATE TABLE `\(table)` (i INT, u INT UNSIGNED, big BIGINT UNSIGNED, tiny TINYINT(1), d DECIMAL(10,2),
                  f FLOAT, dbl DOUBLE, v VARCHAR(40), c CHAR(3), vb VARBINARY(16), dt DATETIME(6), ts TIMESTAMP NULL,
                  tm TIME, dy DATE, y YEAR, b BIT(8), txt TEXT, mt MEDIUMTEXT, bl BLOB, j JSON)
                """)
            let fromTable = try #require(try await driver.table(table, inSchema: database)).columns
            let fromQuery = try await driver.rows("SELECT * FROM `\(table)`").columns
            let described = try await driver.describe("SELECT * FROM `\(table)`")
            #expect(fromQuery == fromTable)
            #expect(described == fromTable)
            #expect(fromTable.prefix(3).map(\.type) == ["int(11)", "int(10) unsigned", "bigint(20) unsigned"])
            try await driver.execute("DROP TABLE `\(table)`")
        }
    }

    @Test func tablesListTheirColumnsInOrder() async throws {
        let database = try TestDatabase.database
        let first = TestDatabase.uniqueName("cat_a")
        let second = TestDatabase.uniqueName("cat_b")
        try await TestDatabase.withDriver { driver in
            try await driver.execute(
                "CREATE TABLE `\(first)` (id BIGINT UNSIGNED NOT NULL, price DECIMAL(10,2), name VARCHAR(40))",
                "CREATE TABLE `\(second)` (z INT, a TEXT)"
            )
            let expectedFirst = TableInfo(
                schema: database,
                name: first,
                columns: [
                    ColumnInfo(name: "id", type: "bigint(20) unsigned"), ColumnInfo(name: "price", type: "decimal(10,2)"),
                    ColumnInfo(name: "name", type: "varchar(40)"),
                ]
            )
            let expectedSecond = TableInfo(
                schema: database,
                name: second,
                columns: [ColumnInfo(name: "z", type: "int(11)"), ColumnInfo(name: "a", type: "text")]
            )

            #expect(try await driver.table(first, inSchema: database) == expectedFirst)
            #expect(try await driver.tables(inSchema: database, named: [second, first]) == [expectedFirst, expectedSecond])
            let all = try await driver.tables(inSchema: database, named: nil)
            #expect(all.contains(expectedFirst) && all.contains(expectedSecond))
            #expect(try await driver.tables(inSchema: database, named: []) == [])
            #expect(try await driver.table("no_such_table", inSchema: database) == nil)
            try await driver.execute("DROP TABLE `\(first)`", "DROP TABLE `\(second)`")
        }
    }

    @Test(arguments: [
        "switchyard_test' OR '1'='1", "x' UNION SELECT 1,2,3 -- ", #"switchyard_test\' OR 1=1 -- "#,
    ])
    func injectionThroughSchemaNamesFindsNothing(schema: String) async throws {
        try await TestDatabase.withDriver { driver in
            let found = try await driver.tables(inSchema: schema, named: nil)
            #expect(found == [])
        }
    }

    @Test func injectionThroughTableNamesFindsAndDropsNothing() async throws {
        let database = try TestDatabase.database
        let victim = TestDatabase.uniqueName("victim")
        try await TestDatabase.withDriver { driver in
            try await driver.execute("CREATE TABLE `\(victim)` (id INT)")
            let attempts = [
                "t`; DROP TABLE \(victim); -- ", "\(victim)' OR '1'='1", "x'); DROP TABLE \(victim); -- ",
                #"\' OR 1=1 -- "#,
            ]
            for name in attempts {
                #expect(try await driver.table(name, inSchema: database) == nil)
                #expect(try await driver.tables(inSchema: database, named: [name]) == [])
            }
            #expect(try await driver.table(victim, inSchema: database)?.columns == [ColumnInfo(name: "id", type: "int(11)")])
            try await driver.execute("DROP TABLE `\(victim)`")
        }
    }

    @Test func describeReturnsColumnsWithoutRunningTheStatement() async throws {
        try await TestDatabase.withDriver { driver in
            let clock = ContinuousClock()
            let start = clock.now
            let columns = try await driver.describe("SELECT SLEEP(10) AS s, CAST(1 AS UNSIGNED) AS u, 'x' AS t")
            #expect(clock.now - start < .seconds(5))
            #expect(columns.map(\.name) == ["s", "u", "t"])
            #expect(columns.map(\.type) == ["int(1)", "int(1) unsigned", "varchar(1)"])
            #expect(try await driver.describe("DO 1") == [])
        }
    }

    @Test func describeOfBadSQLFails() async throws {
        try await TestDatabase.withDriver { driver in
            let error = try await #require(throws: DriverError.self) { try await driver.describe("SELECT FROM WHERE") }
            #expect(error == .statementFailed(error.message))
            #expect(error.message.contains("SQL syntax"))
        }
    }

    @Test func temporaryTablesCanBeQueriedOnTheSameDriver() async throws {
        try await TestDatabase.withDriver { driver in
            let name = try await driver.createTemporaryTable(from: "SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y'")
            #expect(name.hasPrefix("`switchyard_tmp_") && name.hasSuffix("`"))
            let (columns, rows) = try await driver.rows("SELECT a, b FROM \(name) ORDER BY a")
            #expect(columns.map(\.name) == ["a", "b"])
            #expect(rows == [[.integer(1), .string("x")], [.integer(2), .string("y")]])
            let other = try await driver.createTemporaryTable(from: "SELECT 3 AS c")
            #expect(other != name)
        }
    }

    @Test func creatingATemporaryTableFromBadSQLFails() async throws {
        try await TestDatabase.withDriver { driver in
            let error = try await #require(throws: DriverError.self) {
                _ = try await driver.createTemporaryTable(from: "SELECT * FROM no_such_table_anywhere")
            }
            #expect(error == .statementFailed(error.message))
        }
    }
}
