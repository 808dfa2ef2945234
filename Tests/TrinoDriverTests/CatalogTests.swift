import SwitchyardDrivers
import Testing
@testable import TrinoDriver

/// Schemas, tables and columns, as the emulator's `memory` catalog holds them.
extension EmulatorTests {
    @Suite struct Catalog {
        @Test func schemasOfTheConnectionsCatalog() async throws {
            try await Emulator.with { emulator in
                let schemas = try await emulator.driver(try emulator.settings()).schemas()
                #expect(Set(schemas.map(\.name)).isSuperset(of: ["sales", "analytics", "default", "information_schema"]))
                #expect(schemas.filter(\.isDefault).map(\.name) == ["sales"])
                #expect(schemas.filter(\.isHidden).map(\.name) == ["information_schema"])
            }
        }

        @Test func tablesWithTheirColumnsAsTrinoSpellsTheTypes() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings())
                let tables = try await driver.tables(inSchema: "sales", named: nil)
                #expect(tables.map(\.name).starts(with: ["all_types", "orders"]))
                let orders = try #require(tables.first { $0.name == "orders" })
                #expect(orders.schema == "sales")
                #expect(orders.columns == [
                    ColumnInfo(name: "id", type: "bigint"), ColumnInfo(name: "customer", type: "varchar"),
                    ColumnInfo(name: "amount", type: "decimal(12,2)"), ColumnInfo(name: "ordered_at", type: "timestamp(3)"),
                    ColumnInfo(name: "tags", type: "array(varchar)"),
                ])
                let allTypes = try #require(tables.first { $0.name == "all_types" })
                #expect(allTypes.columns.count == 26)
                #expect(allTypes.columns.contains(ColumnInfo(name: "c_varchar5", type: "varchar(5)")))
                #expect(allTypes.columns.contains(ColumnInfo(name: "c_row", type: "row(x integer, y varchar)")))

                let named = try await driver.tables(inSchema: "sales", named: ["orders", "nope"])
                #expect(named.map(\.name) == ["orders"])
                #expect(try await driver.tables(inSchema: "sales", named: []).isEmpty)
            }
        }

        @Test func oneTableOrNone() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings())
                let events = try #require(try await driver.table("events", inSchema: "analytics"))
                #expect(events.columns.map(\.name) == ["event_id", "kind", "payload", "at", "detail"])
                #expect(try await driver.table("nope", inSchema: "analytics") == nil)
            }
        }

        @Test func namesFromClientsAreLiteralsNotSQL() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings())
                #expect(try await driver.tables(inSchema: "sales' OR '1'='1", named: nil).isEmpty)
                #expect(try await driver.table("orders' OR 'x'='x", inSchema: "sales") == nil)
            }
        }
    }
}
