import Foundation
import SnowflakeDriver
import SwitchyardDrivers
import Testing

/// Values exactly as the official connector reads them (see Tests/Emulators/snowflake/
/// snowflake_seed.py), from Arrow results and from JSON ones; errors, dry descriptions and
/// temporary tables.
extension EmulatorTests {
    @Suite struct Query {
        @Test func everyTypeIsReadExactly() async throws {
            try await TestBed.with { bed in
                let cursor = try await bed.driver().query("SELECT * FROM SWITCHYARD.SALES.ALL_TYPES ORDER BY ID")
                #expect(cursor.columns.map(\.name) == [
                    "ID", "C_NUMBER", "C_DECIMAL", "C_BIG", "C_FLOAT", "C_VARCHAR", "C_BOOLEAN", "C_DATE", "C_TIME",
                    "C_NTZ", "C_LTZ", "C_TZ", "C_BINARY", "C_VARIANT", "C_OBJECT", "C_ARRAY",
                ])
                #expect(cursor.columns[2].type == "NUMBER" && cursor.columns[4].type == "FLOAT")
                let rows = try await cursor.allRows()
                #expect(rows.count == 3)
                #expect(Array(rows[0].dropFirst()) == [
                    .integer(9_007_199_254_740_993), .decimal("12345678.91"), .decimal("123456789012345678901234567890.12345"),
                    .double(3.141592653589793), .string("Grüße, \"Zürich\" it's\nok ✓"), .bool(true), .date("2024-02-29"),
                    .time("13:45:30.123456"), .timestamp("2024-02-29T13:45:30.123456"), .timestamp("2024-02-29T13:45:30.123456Z"),
                    .timestamp("2024-02-29T08:15:30.123456Z"), .bytes([0x00, 0xFF, 0x41, 0x42]), .json(#"{"a":[1,2],"b":null}"#),
                    .json(#"{"k":"v","n":1}"#), .json(#"[1,"two",null]"#),
                ])
                #expect(Array(rows[1].dropFirst()) == [
                    .integer(.min), .decimal("-99999999.99"), .decimal("-999999999999999999999999999999999.99999"),
                    .double(-1.7976931348623157e+308), .string(""), .bool(false), .date("0001-01-01"), .time("23:59:59.999999"),
                    .timestamp("1969-12-31T23:59:59.5"), .timestamp("9999-12-31T23:59:59.999999Z"),
                    .timestamp("1900-01-01T08:00:00Z"), .bytes([]), .json(#""text""#), .json("{}"), .json("[]"),
                ])
                // fakesnow writes a NULL timestamp as a struct whose members are null (the
                // connector reads 1970-01-01 there); the value is NULL, and reads so here.
                #expect(rows[2].dropFirst().allSatisfy { $0 == .null })
            }
        }

        @Test func thousandsOfRowsAndJSONResultsAreRead() async throws {
            try await TestBed.with { bed in
                let driver = try bed.driver()
                let orders = try await driver.allRows(of: "SELECT ID, AMOUNT, ORDERED_AT FROM SWITCHYARD.SALES.ORDERS ORDER BY ID")
                #expect(orders.count == 3000)
                #expect(orders.last == [.integer(3000), .decimal("3750.00"), .timestamp("2024-01-03T02:00:00")])
                // DML answers in JSON (rowset), which is read too.
                let table = "SWITCHYARD.SALES.T_\(UInt32.random(in: 0...UInt32.max))"
                _ = try await driver.allRows(of: "CREATE TABLE \(table) (N NUMBER(10,2))")
                let inserted = try await driver.query("INSERT INTO \(table) VALUES (1.50), (2.25)")
                #expect(inserted.columns.first?.type == "NUMBER")
                #expect(try await inserted.allRows() == [[.integer(2)]])
                _ = try await driver.allRows(of: "DROP TABLE \(table)")
            }
        }

        @Test func aStatementStillRunningIsPolledAtItsResultURL() async throws {
            try await TestBed.with { bed in
                let driver = try bed.driver()
                try await driver.test()
                try await bed.reset()
                // Snowflake's answer for a statement that outlasts the request, then its result.
                try await bed.answerNext("/queries/v1/query-request", body: [
                    "data": ["getResultUrl": "/queries/01b2-poll/result", "queryId": "01b2-poll"], "code": "333334",
                    "message": "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
                    "success": true,
                ])
                try await bed.answerNext("/queries/01b2-poll/result", body: [
                    "data": [
                        "rowtype": [["name": "N", "type": "fixed", "scale": 2, "precision": 10]], "queryResultFormat": "json",
                        "rowset": [["12.50"], [NSNull()]],
                    ],
                    "success": true,
                ])
                #expect(try await driver.allRows(of: "SELECT 1") == [[.decimal("12.50")], [.null]])
                let polled = try await bed.requests("/queries/01b2-poll/result")
                #expect(polled.first?["method"] as? String == "GET")
            }
        }

        @Test func aBadStatementFailsWithSnowflakesMessage() async throws {
            try await TestBed.with { bed in
                let error = await #expect(throws: DriverError.self) { try await bed.driver().query("SELECT * FROM NO_SUCH_TABLE") }
                guard case .statementFailed(let message)? = error else {
                    Issue.record("expected a statement failure, got \(String(describing: error))")
                    return
                }
                #expect(message.uppercased().contains("NO_SUCH_TABLE"))
            }
        }

        @Test func describeRunsNothing() async throws {
            try await TestBed.with { bed in
                try await bed.reset()
                let columns = try await bed.driver().describe("SELECT ID, AMOUNT FROM SWITCHYARD.SALES.ORDERS")
                #expect(columns == [ColumnInfo(name: "ID", type: "NUMBER"), ColumnInfo(name: "AMOUNT", type: "NUMBER")])
                let sent = try #require(try await bed.requests("/queries/v1/query-request").first)
                #expect(try TestBed.body(sent)["describeOnly"] as? Bool == true)
            }
        }

        @Test func aTemporaryTableLivesInTheConnectionsSession() async throws {
            try await TestBed.with { bed in
                let driver = try bed.driver()
                let table = try await driver.createTemporaryTable(from: "SELECT ID FROM SWITCHYARD.SALES.ORDERS WHERE ID <= 4")
                #expect(try await driver.allRows(of: "SELECT COUNT(*) AS N FROM \(table)") == [[.integer(4)]])
                await driver.shutdown()
            }
        }
    }
}
