import PostgresNIO
import SwitchyardDrivers

/// Schemas and tables, read from `pg_catalog` with every name bound as a parameter.
///
/// Column types come from `format_type(atttypid, atttypmod)`, which spells them exactly as a
/// query's result columns are named (`character varying(20)`, `numeric(10,2)`, `integer[]`).
/// `information_schema.columns` would not: it says `ARRAY` and `USER-DEFINED`, and drops
/// modifiers.
extension PostgresDriver {
    /// Schemas the user may use. The default is the first existing schema of the search path
    /// (`public` when there is none); PostgreSQL's own (`pg_catalog`, `information_schema`,
    /// `pg_toast…`, `pg_temp…`) are listed as hidden.
    public func schemas() async throws -> [SchemaInfo] {
        try await metadataRows(
            """
            SELECT n.nspname::text, pg_catalog.obj_description(n.oid, 'pg_namespace'),
                   n.nspname = coalesce(pg_catalog.current_schema(), 'public')
            FROM pg_catalog.pg_namespace n
            WHERE pg_catalog.has_schema_privilege(n.oid, 'USAGE')
            ORDER BY n.nspname
            """,
            as: (String, String?, Bool).self
        ).map { name, description, isDefault in
            SchemaInfo(name: name, description: description, isDefault: isDefault, isHidden: Self.isSystemSchema(name))
        }
    }

    /// Tables, partitioned tables, views, materialized views and foreign tables of `schema`,
    /// by name, each with its columns in declared order; only those in `names` when given.
    public func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] {
        let rows = try await metadataRows(
            """
            SELECT c.relname::text, a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND (\(names)::text[] IS NULL OR c.relname = ANY(\(names)::text[]))
            ORDER BY c.relname, a.attnum
            """,
            as: (String, String?, String?).self
        )
        var tables: [TableInfo] = []
        for (table, column, type) in rows {
            if tables.last?.name != table { tables.append(TableInfo(schema: schema, name: table, columns: [])) }
            if let column, let type { tables[tables.count - 1].columns.append(ColumnInfo(name: column, type: type)) }
        }
        return tables
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        try await tables(inSchema: schema, named: [name]).first
    }

    static func isSystemSchema(_ name: String) -> Bool {
        name == "pg_catalog" || name == "information_schema" || name.hasPrefix("pg_toast") || name.hasPrefix("pg_temp")
    }

    /// All rows of a metadata query the driver composed (values bound, never spliced in).
    func metadataRows<each Column: PostgresDecodable & Sendable>(
        _ query: PostgresQuery,
        as types: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        do {
            try await awaitConnection()
            var result: [(repeat each Column)] = []
            for try await row in try await client.query(query, logger: logger).decode(types) {
                result.append(row)
            }
            return result
        } catch {
            throw errors.translate(error)
        }
    }
}
