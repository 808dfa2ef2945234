import Foundation
import SwitchyardCore
import SwitchyardDrivers

/// Schemas from `SHOW SCHEMAS`, tables and columns from `information_schema.columns`, both in
/// the connection's database. Names supplied by clients reach SQL only as string literals.
extension SnowflakeDriver {
    public func schemas() async throws -> [SchemaInfo] {
        let sql = settings.database.map { "SHOW SCHEMAS IN DATABASE \(SQLIdentifier.doubleQuoted($0))" } ?? "SHOW SCHEMAS"
        let cursor = try await query(sql)
        guard let nameIndex = cursor.columns.firstIndex(where: { $0.name.lowercased() == "name" }) else { return [] }
        return try await cursor.allRows().compactMap { row in
            guard case .string(let name) = row[nameIndex] else { return nil }
            return SchemaInfo(
                name: name, isDefault: name.caseInsensitiveCompare(settings.schema ?? "") == .orderedSame,
                isHidden: name.uppercased() == "INFORMATION_SCHEMA")
        }
    }

    public func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] {
        if let names, names.isEmpty { return [] }
        let prefix = settings.database.map { SQLIdentifier.doubleQuoted($0) + "." } ?? ""
        let rows = try await allRows(of: InformationSchema.columnsQuery(prefix: prefix, schema: schema, tables: names))
        return InformationSchema.tables(from: rows, inSchema: schema)
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        try await tables(inSchema: schema, named: [name]).first
    }
}
