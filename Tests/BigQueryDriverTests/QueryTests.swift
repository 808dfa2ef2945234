import BigQueryDriver
import Foundation
import SwitchyardDrivers
import Testing

/// Results read exactly, page by page; errors passed on; dry runs and scratch tables.
extension EmulatorTests {
    @Suite struct Query {
        @Test func everyTypeIsReadExactly() async throws {
            try await TestBed.with { bed in
                let cursor = try await bed.driver().query("SELECT \(AllTypes.columns) FROM sales.all_types ORDER BY id")
                #expect(cursor.columns.map(\.type) == [
                    "INT64", "INT64", "NUMERIC", "FLOAT64", "BOOL", "STRING", "BYTES", "DATE", "TIME", "DATETIME",
                    "TIMESTAMP", "BYTES", "JSON", "ARRAY<INT64>",
                    "STRUCT<a STRING, items ARRAY<STRUCT<x FLOAT64, tags ARRAY<STRING>>>>",
                ])
                let rows = try await cursor.allRows()
                #expect(rows.count == 3)
                let one = rows[0]
                #expect(one[1] == .integer(9_007_199_254_740_993))
                #expect(one[2] == .decimal("12345678.91"))
                #expect(one[3] == .double(3.141592653589793))
                #expect(one[4] == .bool(true))
                #expect(one[5] == .string("hello, world"))
                #expect(one[6] == .bytes([0x00, 0xFF, 0x41, 0x42]))
                #expect(one[7] == .date("2024-02-29"))
                #expect(one[8] == .time("13:45:30.123456"))
                #expect(one[9] == .timestamp("2024-02-29T13:45:30.123456"))
                #expect(one[10] == .timestamp("2024-02-29T13:45:30.123456Z"))
                #expect(one[12] == .json(#"{"a":[1,2],"b":null}"#))
                #expect(one[13] == .json("[1,2,3]"))
                #expect(one[14] == .json(#"{"a":"one","items":[{"x":1.5,"tags":["p","q"]},{"x":2.5,"tags":[]}]}"#))
                let two = rows[1]
                #expect(two[1] == .integer(Int64.min))
                #expect(two[2] == .decimal("-99999999999999999999999999999.999999999"))
                #expect(two[5] == .string("Ümlä \"quoted\"\nline"))
                #expect(two[7] == .date("0001-01-01"))
                #expect(two[9] == .timestamp("9999-12-31T23:59:59.999999"))
                #expect(two[10] == .timestamp("1970-01-01T00:00:00Z"))
                #expect(two[14] == .json(#"{"a":null,"items":[]}"#))
                #expect(rows[2][1...12].allSatisfy { $0 == .null })
                #expect(rows[2][13] == .json("[]"))
            }
        }

        @Test func aLargeResultIsReadPageByPage() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                let cursor = try await bed.driver(pageRows: 700).query("SELECT id, amount, tags FROM sales.orders ORDER BY id")
                var sizes: [Int] = []
                var last: [SQLValue] = []
                while let batch = try await cursor.next() {
                    sizes.append(batch.count)
                    last = batch.last ?? last
                }
                #expect(sizes == [700, 700, 700, 700, 200])
                #expect(last == [.integer(3000), .decimal("110"), .json("[]")])
                let pages = try await bed.apiRequests().filter { ($0["path"] as? String)?.contains("pageToken=") == true }
                #expect(pages.count == 4)
            }
        }

        @Test func aBadStatementFailsWithBigQuerysMessage() async throws {
            try await TestBed.with { bed in
                let error = await #expect(throws: DriverError.self) { try await bed.driver().query("SELECT * FROM sales.no_such_table") }
                guard case .statementFailed(let message)? = error else {
                    Issue.record("expected a statement failure, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("no_such_table"))
            }
        }

        @Test func describeIsADryRun() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                let columns = try await bed.driver().describe("SELECT id, amount, tags FROM sales.orders")
                #expect(columns == [
                    ColumnInfo(name: "id", type: "INT64"), ColumnInfo(name: "amount", type: "NUMERIC"),
                    ColumnInfo(name: "tags", type: "ARRAY<STRING>"),
                ])
                let inserts = try await bed.apiRequests().filter { $0["method"] as? String == "POST" }
                #expect(inserts.count == 1)
                #expect((inserts.first?["body"] as? String)?.contains(#""dryRun":true"#) == true)
            }
        }

        @Test func aTemporaryTableCanBeQueried() async throws {
            try await TestBed.with { bed in
                let driver = try bed.driver()
                let table = try await driver.createTemporaryTable(from: "SELECT id, amount FROM sales.orders WHERE id <= 5")
                #expect(table.hasPrefix("`\(bed.project).switchyard_scratch.tmp_"))
                let rows = try await driver.query("SELECT SUM(id) AS total FROM \(table)").allRows()
                #expect(rows == [[.integer(15)]])
            }
        }

        @Test func jobsCarryTheConnectionsLimits() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                let settings = try bed.settings(["maximumBytesBilled": "1000000", "queryTimeoutMilliseconds": "30000"])
                try await bed.driver(settings).query("SELECT 1 AS one").drain()
                let insert = try #require(try await bed.apiRequests().first { $0["method"] as? String == "POST" })
                let body = try #require((insert["body"] as? String).map { Data($0.utf8) })
                let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
                let configuration = try #require(object["configuration"] as? [String: Any])
                let query = try #require(configuration["query"] as? [String: Any])
                #expect(query["useLegacySql"] as? Bool == false)
                #expect(query["maximumBytesBilled"] as? String == "1000000")
                #expect(configuration["jobTimeoutMs"] as? String == "30000")
                #expect((insert["path"] as? String)?.hasPrefix("/bigquery/v2/projects/\(bed.project)/jobs") == true)
            }
        }
    }
}
