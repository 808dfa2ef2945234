import MySQLDriver
import SwitchyardDrivers
import Testing

/// SQL the streaming and cancellation tests share.
enum Streams {
    /// Rows `n` = 1…`count` with a label, from MariaDB's SEQUENCE engine (a recursive CTE
    /// stops at `max_recursive_iterations`, 1000 by default).
    static func numbers(upTo count: Int) -> String {
        "SELECT seq AS n, CONCAT('row-', seq) AS label FROM seq_1_to_\(count)"
    }

    /// Rows 1…6000 whose 5000th makes the server sleep: batches come at once, then a read
    /// blocks in the server, tagged with `marker` to find it in the process list.
    static func stallingAfterFiveThousandRows(marker: String) -> String {
        "SELECT seq AS n, IF(seq = 5000, SLEEP(30), 0) AS \(marker) FROM seq_1_to_6000"
    }
}

/// Running statements and reading their results.
@Suite struct QueryTests {
    @Test func commonTypesComeBackExactly() async throws {
        let table = TestDatabase.uniqueName("types")
        try await TestDatabase.withDriver { driver in
            try await driver.execute(
                """
                CREATE TABLE `\(table)` (i INT, big BIGINT, ubig BIGINT UNSIGNED, small_u BIGINT UNSIGNED,
                  dec30 DECIMAL(30,10), dbl DOUBLE, d DATE, dt DATETIME(6), t TIME, vb VARBINARY(16), j JSON,
                  n INT NULL, s VARCHAR(20), b BIT(8), y YEAR, txt TEXT)
                """,
                """
                INSERT INTO `\(table)` VALUES (42, 9223372036854775807, 18446744073709551615, 7,
                  12345678901234567890.0123456789, 1.25, '2024-02-29', '2024-02-29 13:14:15.123456', '12:34:56',
                  x'00FF7F', '{"a": [1, 2]}', NULL, 'ñ✓', b'101', 2024, 'long text')
                """
            )
            let (columns, rows) = try await driver.rows("SELECT * FROM `\(table)`")
            #expect(columns.map(\.name) == ["i", "big", "ubig", "small_u", "dec30", "dbl", "d", "dt", "t", "vb", "j", "n", "s", "b", "y", "txt"])
            #expect(
                columns.map(\.type) == [
                    "int(11)", "bigint(20)", "bigint(20) unsigned", "bigint(20) unsigned", "decimal(30,10)", "double",
                    "date", "datetime(6)", "time", "varbinary(16)", "longtext", "int(11)", "varchar(20)", "bit(8)",
                    "year(4)", "text",
                ]
            )
            #expect(
                rows == [
                    [
                        .integer(42), .integer(9_223_372_036_854_775_807), .bigInteger("18446744073709551615"), .integer(7),
                        .decimal("12345678901234567890.0123456789"), .double(1.25), .date("2024-02-29"),
                        .timestamp("2024-02-29T13:14:15.123456"), .time("12:34:56"), .bytes([0x00, 0xFF, 0x7F]),
                        .json(#"{"a": [1, 2]}"#), .null, .string("ñ✓"), .integer(5), .integer(2024), .string("long text"),
                    ]
                ]
            )
            try await driver.execute("DROP TABLE `\(table)`")
        }
    }

    @Test func expressionsAreTypedToo() async throws {
        try await TestDatabase.withDriver { driver in
            let (columns, rows) = try await driver.rows(
                "SELECT 1.50 AS lit, -7 AS neg, JSON_OBJECT('k', 'v') AS obj, NULL AS nothing, 'ñ✓' AS txt, x'CAFE' AS raw"
            )
            // MariaDB's JSON is a text type: JSON_OBJECT returns a string the server marks as JSON.
            #expect(columns.map(\.type) == ["decimal(3,2)", "int(2)", "varchar(18)", "null", "varchar(2)", "varbinary(2)"])
            #expect(rows == [[.decimal("1.50"), .integer(-7), .json(#"{"k": "v"}"#), .null, .string("ñ✓"), .bytes([0xCA, 0xFE])]])
        }
    }

    @Test func badSQLFailsWithTheServersMessage() async throws {
        try await TestDatabase.withDriver(maxConnections: 1) { driver in
            let error = try await #require(throws: DriverError.self) { _ = try await driver.query("SELEC 1") }
            guard case .statementFailed(let message) = error else {
                Issue.record("expected statementFailed, got \(error)")
                return
            }
            #expect(message.contains("You have an error in your SQL syntax"))
            #expect(message.contains("SELEC 1"))
            try await driver.test()  // the handle went back to the pool usable
        }
    }

    @Test func statementMessagesAreScrubbed() async throws {
        let secret = "hunter2-secret-token"
        try await TestDatabase.withDriver(secrets: [secret]) { driver in
            let error = try await #require(throws: DriverError.self) {
                _ = try await driver.query("SELECT * FROM `\(secret)`")
            }
            #expect(error == .statementFailed(error.message))
            #expect(!error.message.contains(secret))
            #expect(error.message.contains("[secret]"))
        }
    }

    @Test func statementsWithoutResultsHaveNoColumns() async throws {
        try await TestDatabase.withDriver { driver in
            let cursor = try await driver.query("DO 1")
            #expect(cursor.columns.isEmpty)
            #expect(try await cursor.next() == nil)
            await cursor.close()
            await cursor.close()
        }
    }

    @Test func aLargeResultStreamsInBatches() async throws {
        try await TestDatabase.withDriver(maxConnections: 1) { driver in
            let cursor = try await driver.query(Streams.numbers(upTo: 200_000))
            #expect(cursor.columns == [ColumnInfo(name: "n", type: "bigint(20) unsigned"), ColumnInfo(name: "label", type: "varchar(24)")])
            var batches = 0
            var expected: Int64 = 1
            while let batch = try await cursor.next() {
                batches += 1
                #expect(batch.count <= 1000)
                for row in batch {
                    guard row == [.integer(expected), .string("row-\(expected)")] else {
                        Issue.record("row \(expected) is \(row)")
                        await cursor.close()
                        return
                    }
                    expected += 1
                }
            }
            #expect(expected == 200_001)
            #expect(batches >= 200)
            #expect(try await cursor.next() == nil)
            await cursor.close()
            try await driver.test()
        }
    }

    @Test func closingEarlyLeavesThePoolUsable() async throws {
        try await TestDatabase.withDriver(maxConnections: 1) { driver in
            let clock = ContinuousClock()
            for _ in 0..<3 {
                let cursor = try await driver.query(Streams.numbers(upTo: 200_000))
                #expect(try await cursor.next()?.count == 1000)
                #expect(try await cursor.next()?.first == [.integer(1001), .string("row-1001")])
                let start = clock.now
                await cursor.close()
                #expect(clock.now - start < .seconds(2))
                #expect(try await cursor.next() == nil)
                await cursor.close()
            }
            // The single handle is clean: a new statement runs on it at once.
            let (_, rows) = try await driver.rows("SELECT 7")
            #expect(rows == [[.integer(7)]])
        }
    }
}

/// Session settings every handle gets when it connects.
@Suite struct SessionTests {
    @Test func sessionsSpeakUTF8MB4() async throws {
        try await TestDatabase.withDriver { driver in
            let (_, rows) = try await driver.rows("SELECT @@character_set_client, @@character_set_results, CHAR_LENGTH('ñ✓😀')")
            #expect(rows == [[.string("utf8mb4"), .string("utf8mb4"), .integer(3)]])
        }
    }
}
