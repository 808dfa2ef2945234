import BigQueryDriver
import SwitchyardDrivers
import Testing

/// Datasets as schemas; tables with their columns, nested fields under dotted names.
extension EmulatorTests {
    @Suite struct Catalog {
        @Test func datasetsAreTheSchemas() async throws {
            try await TestBed.with { bed in
                let schemas = try await bed.driver().schemas()
                for name in ["sales", "analytics"] {
                    #expect(schemas.contains { $0.name == name && !$0.isHidden }, "\(name) in \(schemas)")
                }
            }
        }

        @Test func tablesCarryTheirColumnsWithNestedFieldsDotted() async throws {
            try await TestBed.with { bed in
                let driver = try bed.driver()
                let tables = try await driver.tables(inSchema: "sales", named: nil)
                #expect(Set(tables.map(\.name)).isSuperset(of: ["all_types", "orders"]))
                let orders = try #require(tables.first { $0.name == "orders" })
                #expect(orders.columns == [
                    ColumnInfo(name: "id", type: "INT64"), ColumnInfo(name: "customer", type: "STRING"),
                    ColumnInfo(name: "amount", type: "NUMERIC"), ColumnInfo(name: "ordered_at", type: "TIMESTAMP"),
                    ColumnInfo(name: "tags", type: "ARRAY<STRING>"),
                ])
                let events = try #require(try await driver.table("events", inSchema: "analytics"))
                #expect(events.columns == [
                    ColumnInfo(name: "event_id", type: "INT64"), ColumnInfo(name: "kind", type: "STRING"),
                    ColumnInfo(name: "detail", type: "STRUCT<session STRING, score FLOAT64>"),
                    ColumnInfo(name: "detail.session", type: "STRING"), ColumnInfo(name: "detail.score", type: "FLOAT64"),
                ])
                #expect(try await driver.tables(inSchema: "sales", named: ["orders"]).map(\.name) == ["orders"])
                #expect(try await driver.table("no_such_table", inSchema: "sales") == nil)
            }
        }
    }
}
