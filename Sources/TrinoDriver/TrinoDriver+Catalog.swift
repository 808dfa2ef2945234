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
        let prefix = settings.catalog.map { SQLIdentifier.doubleQuoted($0) + "." } ?? ""
        let rows = try await allRows(of: InformationSchema.columnsQuery(prefix: prefix, schema: schema, tables: names))
        return InformationSchema.tables(from: rows, inSchema: schema)
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        try await tables(inSchema: schema, named: [name]).first
    }
}
