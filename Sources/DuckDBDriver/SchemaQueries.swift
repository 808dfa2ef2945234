import SwitchyardDrivers

/// Schemas and tables as the driver reports them. A schema is named `database.schema`, except in
/// the in-memory database, where it is just `schema`; the same naming is matched in SQL, with
/// every name from a caller bound as a parameter.
enum SchemaQueries {
    static let schemas = "SELECT catalog_name, schema_name FROM information_schema.schemata ORDER BY catalog_name, schema_name"

    /// Parameters: the default database, the schema's name as reported, then one per table name.
    static func columns(tableCount: Int?) -> String {
        var sql = """
            SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE (CASE WHEN table_catalog = ? THEN table_schema ELSE table_catalog || '.' || table_schema END) = ?
            """
        if let tableCount {
            sql += " AND table_name IN (" + Array(repeating: "?", count: tableCount).joined(separator: ", ") + ")"
        }
        return sql + " ORDER BY table_name, ordinal_position"
    }

    /// Catalogs DuckDB keeps for itself.
    private static let hiddenCatalogs: Set<String> = ["system", "temp"]
    private static let hiddenSchemas: Set<String> = ["information_schema", "pg_catalog"]

    static func schemaInfos(_ rows: [[SQLValue]], defaultDatabase: String) -> [SchemaInfo] {
        rows.compactMap { row in
            guard row.count == 2, case .string(let catalog) = row[0], case .string(let schema) = row[1] else { return nil }
            let isDefaultCatalog = catalog == defaultDatabase
            return SchemaInfo(
                name: isDefaultCatalog ? schema : "\(catalog).\(schema)",
                isDefault: isDefaultCatalog && schema == "main",
                isHidden: hiddenCatalogs.contains(catalog) || hiddenSchemas.contains(schema))
        }
    }

    /// Rows of (table, column, type), ordered by table then position, grouped into tables.
    static func tableInfos(_ rows: [[SQLValue]], schema: String) -> [TableInfo] {
        var tables: [TableInfo] = []
        for row in rows {
            guard row.count == 3, case .string(let table) = row[0], case .string(let column) = row[1],
                case .string(let type) = row[2]
            else { continue }
            if tables.last?.name != table { tables.append(TableInfo(schema: schema, name: table, columns: [])) }
            tables[tables.count - 1].columns.append(ColumnInfo(name: column, type: type))
        }
        return tables
    }
}
