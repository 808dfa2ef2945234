import SwitchyardDrivers

/// Schemas, tables and columns, read from `information_schema`. Names supplied by clients
/// only ever reach SQL as string literals escaped by the client library.
extension MySQLDriver {
    /// System schemas, listed but hidden by default.
    static let hiddenSchemas: Set<String> = ["information_schema", "mysql", "performance_schema", "sys"]

    public func schemas() async throws -> [SchemaInfo] {
        let rows = try await metadataRows { _ in "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME" }
        let defaultSchema = defaultSchemaName
        return rows.compactMap { $0.first ?? nil }.map { name in
            SchemaInfo(
                name: name,
                isDefault: name == defaultSchema,
                isHidden: Self.hiddenSchemas.contains(name.lowercased())
            )
        }
    }

    public func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] {
        if let names, names.isEmpty { return [] }
        let rows = try await metadataRows { connection in
            var sql = """
                SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS \
                WHERE TABLE_SCHEMA = \(try connection.literal(schema))
                """
            // A single `=` lets the server open just that table's definition.
            if let names, names.count == 1 {
                sql += " AND TABLE_NAME = \(try connection.literal(names[0]))"
            } else if let names {
                sql += " AND TABLE_NAME IN (" + (try names.map(connection.literal).joined(separator: ", ")) + ")"
            }
            return sql + " ORDER BY TABLE_NAME, ORDINAL_POSITION"
        }
        var tables: [TableInfo] = []
        for row in rows {
            guard row.count == 3, let table = row[0], let column = row[1] else { continue }
            tables.append(column: ColumnInfo(name: column, type: row[2] ?? ""), ofTable: table, inSchema: schema)
        }
        return tables
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        try await tables(inSchema: schema, named: [name]).first
    }
}
