extension [TableInfo] {
    /// Adds `column` to the last table when it is `table`, else starts that table: how
    /// catalogue rows ordered by table and position become tables with their columns.
    public mutating func append(column: ColumnInfo, ofTable table: String, inSchema schema: String) {
        if last?.name == table {
            self[count - 1].columns.append(column)
        } else {
            append(TableInfo(schema: schema, name: table, columns: [column]))
        }
    }
}

/// The catalogue query of engines reached only through SQL without bind parameters (Trino,
/// Snowflake): columns from `information_schema.columns`, names from clients only inside
/// string literals (`SQLIdentifier.stringLiteral`).
public enum InformationSchema {
    /// Table, column and type of every column of `schema` (of `names` only, when given), in
    /// the order of tables and then of columns; `prefix` names the catalog or database
    /// (`"db".`), or is empty.
    public static func columnsQuery(prefix: String, schema: String, tables names: [String]?) -> String {
        var sql = """
            SELECT table_name, column_name, data_type FROM \(prefix)information_schema.columns \
            WHERE table_schema = \(SQLIdentifier.stringLiteral(schema))
            """
        if let names {
            sql += " AND table_name IN (" + names.map(SQLIdentifier.stringLiteral).joined(separator: ", ") + ")"
        }
        return sql + " ORDER BY table_name, ordinal_position"
    }

    /// The tables that `columnsQuery`'s rows describe.
    public static func tables(from rows: [[SQLValue]], inSchema schema: String) -> [TableInfo] {
        var tables: [TableInfo] = []
        for row in rows {
            guard row.count == 3, case .string(let table) = row[0], case .string(let column) = row[1] else { continue }
            var type = ""
            if case .string(let name) = row[2] { type = name }
            tables.append(column: ColumnInfo(name: column, type: type), ofTable: table, inSchema: schema)
        }
        return tables
    }
}
