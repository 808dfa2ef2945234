import Foundation
import SwitchyardDrivers
import Testing
@testable import TrinoDriver

/// Statements: every type over several pages, describe, temporary tables, errors.
extension EmulatorTests {
    @Suite struct Query {
        @Test func everyTypeOverSeveralPagesWithExactValues() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings())
                try await emulator.configure(["page_size": 1])
                let read: ([ColumnInfo], [[[SQLValue]]])
                do {
                    let cursor = try await driver.query("SELECT * FROM sales.all_types ORDER BY id")
                    var batches: [[[SQLValue]]] = []
                    while let batch = try await cursor.next() { batches.append(batch) }
                    read = (cursor.columns, batches)
                    try await emulator.configure(["page_size": 500])
                } catch {
                    try? await emulator.configure(["page_size": 500])
                    throw error
                }
                let (columns, batches) = read
                #expect(batches.count == 4)
                #expect(columns.map(\.type) == AllTypes.columnTypes)
                let rows = batches.flatMap { $0 }
                #expect(rows.map { $0.map(JSONWriter.text(of:)) } == AllTypes.rowsAsJSON)
                #expect(rows[0][8] == .decimal("12345678.91"))
                #expect(rows[0][13] == .bytes([0x00, 0xFF, 0x41, 0x42]))
                #expect(rows[1][6] == .string("NaN"), "as every engine writes it")
            }
        }

        @Test func thousandsOfRowsArriveOnePageAtATime() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings())
                let cursor = try await driver.query("SELECT id, customer, amount, ordered_at, tags FROM sales.orders ORDER BY id")
                var rows: [[SQLValue]] = []
                var batches = 0
                while let batch = try await cursor.next() {
                    #expect(batch.count <= 500)
                    batches += 1
                    rows += batch
                }
                #expect(batches == 10)
                #expect(rows.count == 5000)
                #expect(rows.first == [.integer(1), .string("customer-1"), .decimal("0.37"), .timestamp("2024-01-01T00:01:00"), .json(#"["t1","t1"]"#)])
                #expect(rows.last == [.integer(5000), .string("customer-53"), .decimal("850.00"), .timestamp("2024-01-04T11:20:00"), .null])
            }
        }

        @Test func describeNamesTheColumnsWithoutRows() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings()
                let driver = try emulator.driver(settings)
                let columns = try await driver.describe("SELECT id, c_decimal AS price, c_map FROM all_types;")
                #expect(columns == [
                    ColumnInfo(name: "id", type: "integer"), ColumnInfo(name: "price", type: "decimal(10,2)"),
                    ColumnInfo(name: "c_map", type: "map(varchar, integer)"),
                ])
                let queries = try await emulator.queries(of: try #require(settings.user))
                #expect(queries.allSatisfy { ($0["sql"] as? String)?.hasSuffix("LIMIT 0") == true })
            }
        }

        @Test func aTemporaryTableCanBeQueriedAndIsDroppedAtShutdown() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings())
                let name = try await driver.createTemporaryTable(from: "SELECT id, customer FROM sales.orders WHERE id <= 3")
                #expect(name.hasPrefix(#""memory"."sales"."switchyard_tmp_"#))
                let rows = try await driver.allRows(of: "SELECT id, customer FROM \(name) ORDER BY id")
                #expect(rows == [[.integer(1), .string("customer-1")], [.integer(2), .string("customer-2")], [.integer(3), .string("customer-3")]])
                await driver.shutdown()
                let other = try emulator.driver(try emulator.settings())
                await #expect(throws: DriverError.self) { _ = try await other.allRows(of: "SELECT * FROM \(name)") }
            }
        }

        @Test func aTemporaryTableNeedsCatalogAndSchema() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings(["schema": NSNull()]))
                let error = await #expect(throws: DriverError.self) { _ = try await driver.createTemporaryTable(from: "SELECT 1") }
                #expect(error == .statementFailed("a temporary table needs the connection's catalog and schema"))
            }
        }

        @Test func trinosErrorsReachTheClientWithTrinosMessage() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings())
                let missing = await #expect(throws: DriverError.self) { _ = try await driver.query("SELECT * FROM sales.nope") }
                #expect(missing == .statementFailed("Table 'nope' does not exist"))
                let syntax = await #expect(throws: DriverError.self) { _ = try await driver.query("SELEC 1") }
                guard case .statementFailed(let message)? = syntax else {
                    Issue.record("expected statementFailed, got \(String(describing: syntax))")
                    return
                }
                #expect(message.hasPrefix("line 1:1:"))
            }
        }
    }
}
