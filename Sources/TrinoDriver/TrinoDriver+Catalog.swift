import SwitchyardCore
import SwitchyardDrivers

/// Schemas from `SHOW SCHEMAS`, tables and columns from `information_schema.columns`, both in
/// the connection's catalog. Trino's REST protocol has no bind parameters, so names supplied
/// by clients reach SQL only through `SQLIdentifier.stringLiteral` (quotes doubled; Trino's
/// string literals know no other escape).
extension TrinoDriver {
    public func schemas() async throws -> [SchemaInfo] {
        let sql = settings.catalog.map { "SHOW SCHEMAS FROM \(SQLIdentifier.doubleQuoted($0))" } ?? "SHOW SCHEMAS"
        return try await allRows(of: sql).compactMap { row in
            guard case .string(let name)? = row.first else { return nil }
            return SchemaInfo(name: name, isDefault: name == settings.schema, isHidden: name == "information_schema")
        }
    }

    public func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] {
        if let names, names.isEmpty { return [] }
        let catalog = settings.catalog.map { SQLIdentifier.doubleQuoted($0) + "." } ?? ""
        var sql = """
            SELECT table_name, column_name, data_type FROM \(catalog)information_schema.columns \
            WHERE table_schema = \(SQLIdentifier.stringLiteral(schema))
            """
        if let names, names.count == 1 {
            sql += " AND table_name = \(SQLIdentifier.stringLiteral(names[0]))"
        } else if let names {
            sql += " AND table_name IN (" + names.map(SQLIdentifier.stringLiteral).joined(separator: ", ") + ")"
        }
        sql += " ORDER BY table_name, ordinal_position"
        var tables: [TableInfo] = []
        for row in try await allRows(of: sql) {
            guard row.count == 3, case .string(let table) = row[0], case .string(let column) = row[1] else { continue }
            var type = ""
            if case .string(let name) = row[2] { type = name }
            tables.append(column: ColumnInfo(name: column, type: type), ofTable: table, inSchema: schema)
        }
        return tables
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        try await tables(inSchema: schema, named: [name]).first
    }
}
