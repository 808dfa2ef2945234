import CDuckDB
import SwitchyardDrivers

/// A column's type: DuckDB's own name for it (as `DESCRIBE` and `information_schema` print it,
/// e.g. `DECIMAL(18,3)`, `STRUCT(a INTEGER, "b c" VARCHAR[])`) and how to read its values.
struct ColumnType: Sendable {
    let name: String
    let reader: VectorReader
}

/// Builds `ColumnType`s from DuckDB logical types. The C API has no call that prints a type,
/// so names are composed here by DuckDB's rules; tests compare them with DuckDB's own output.
struct ColumnTypeBuilder {
    /// DuckDB quotes a struct field's name when it is a keyword of any kind.
    let keywords: Set<String>

    func build(_ type: OpaquePointer?) throws -> ColumnType {
        if let alias = cduckdb_logical_type_get_alias(type) {
            defer { cduckdb_free(alias) }
            let name = String(cString: alias)
            let base = try buildUnaliased(type)
            let isJSON = name.uppercased() == "JSON" && cduckdb_get_type_id(type) == DUCKDB_TYPE_VARCHAR
            return ColumnType(name: name, reader: isJSON ? .json : base.reader)
        }
        return try buildUnaliased(type)
    }

    private func buildUnaliased(_ type: OpaquePointer?) throws -> ColumnType {
        let id = cduckdb_get_type_id(type)
        if let scalar = Self.scalars[id.rawValue] { return ColumnType(name: scalar.0, reader: scalar.1) }
        switch id {
        case DUCKDB_TYPE_DECIMAL:
            let width = cduckdb_decimal_width(type), scale = cduckdb_decimal_scale(type)
            let storage = Self.storageBytes[cduckdb_decimal_internal_type(type).rawValue] ?? 16
            return ColumnType(name: "DECIMAL(\(width),\(scale))", reader: .decimal(scale: Int(scale), storageBytes: storage))
        case DUCKDB_TYPE_ENUM:
            let labels = (0..<idx_t(cduckdb_enum_dictionary_size(type))).map { Self.take(cduckdb_enum_dictionary_value(type, $0)) }
            let storage = Self.storageBytes[cduckdb_enum_internal_type(type).rawValue] ?? 4
            let name = "ENUM(" + labels.map(SQLIdentifier.stringLiteral).joined(separator: ", ") + ")"
            return ColumnType(name: name, reader: .enumeration(storageBytes: storage, labels: labels))
        case DUCKDB_TYPE_LIST:
            let element = try child(cduckdb_list_type_child_type(type))
            return ColumnType(name: element.name + "[]", reader: .list(element.reader))
        case DUCKDB_TYPE_ARRAY:
            let element = try child(cduckdb_array_type_child_type(type))
            let size = Int(cduckdb_array_type_array_size(type))
            return ColumnType(name: element.name + "[\(size)]", reader: .array(element.reader, size: size))
        case DUCKDB_TYPE_MAP:
            let key = try child(cduckdb_map_type_key_type(type)), value = try child(cduckdb_map_type_value_type(type))
            return ColumnType(name: "MAP(\(key.name), \(value.name))", reader: .map(key: key.reader, value: value.reader))
        case DUCKDB_TYPE_STRUCT:
            let fields = try (0..<cduckdb_struct_type_child_count(type)).map {
                (Self.take(cduckdb_struct_type_child_name(type, $0)), try child(cduckdb_struct_type_child_type(type, $0)))
            }
            return ColumnType(name: "STRUCT(\(describe(fields)))", reader: .structure(fields.map { .init(name: $0.0, reader: $0.1.reader) }))
        case DUCKDB_TYPE_UNION:
            let members = try (0..<cduckdb_union_type_member_count(type)).map {
                (Self.take(cduckdb_union_type_member_name(type, $0)), try child(cduckdb_union_type_member_type(type, $0)))
            }
            return ColumnType(name: "UNION(\(describe(members)))", reader: .union(members.map { .init(name: $0.0, reader: $0.1.reader) }))
        default:
            throw DuckDBFailure(message: "a result column has DuckDB type id \(id.rawValue), which Switchyard cannot read yet; cast it, e.g. to VARCHAR")
        }
    }

    /// Builds a child type and destroys the handle DuckDB gave for it.
    private func child(_ type: OpaquePointer?) throws -> ColumnType {
        var owned = type
        defer { cduckdb_destroy_logical_type(&owned) }
        return try build(owned)
    }

    private func describe(_ fields: [(String, ColumnType)]) -> String {
        fields.map { "\(quotedIfNeeded($0.0)) \($0.1.name)" }.joined(separator: ", ")
    }

    /// DuckDB writes a field name bare when it is an ASCII identifier that is not a keyword.
    private func quotedIfNeeded(_ name: String) -> String {
        let identifierCharacter: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        let plain = name.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true && name.allSatisfy(identifierCharacter)
        return plain && !keywords.contains(name.lowercased()) ? name : SQLIdentifier.doubleQuoted(name)
    }

    /// A string DuckDB allocated for us, copied and freed.
    private static func take(_ text: UnsafeMutablePointer<CChar>?) -> String {
        guard let text else { return "" }
        defer { cduckdb_free(text) }
        return String(cString: text)
    }

    private static let storageBytes: [UInt32: Int] = [
        DUCKDB_TYPE_UTINYINT.rawValue: 1, DUCKDB_TYPE_USMALLINT.rawValue: 2, DUCKDB_TYPE_UINTEGER.rawValue: 4,
        DUCKDB_TYPE_SMALLINT.rawValue: 2, DUCKDB_TYPE_INTEGER.rawValue: 4, DUCKDB_TYPE_BIGINT.rawValue: 8,
        DUCKDB_TYPE_HUGEINT.rawValue: 16,
    ]

    private static let scalars: [UInt32: (String, VectorReader)] = [
        DUCKDB_TYPE_BOOLEAN.rawValue: ("BOOLEAN", .boolean),
        DUCKDB_TYPE_TINYINT.rawValue: ("TINYINT", .signed(bytes: 1)),
        DUCKDB_TYPE_SMALLINT.rawValue: ("SMALLINT", .signed(bytes: 2)),
        DUCKDB_TYPE_INTEGER.rawValue: ("INTEGER", .signed(bytes: 4)),
        DUCKDB_TYPE_BIGINT.rawValue: ("BIGINT", .signed(bytes: 8)),
        DUCKDB_TYPE_UTINYINT.rawValue: ("UTINYINT", .unsigned(bytes: 1)),
        DUCKDB_TYPE_USMALLINT.rawValue: ("USMALLINT", .unsigned(bytes: 2)),
        DUCKDB_TYPE_UINTEGER.rawValue: ("UINTEGER", .unsigned(bytes: 4)),
        DUCKDB_TYPE_UBIGINT.rawValue: ("UBIGINT", .unsigned(bytes: 8)),
        DUCKDB_TYPE_HUGEINT.rawValue: ("HUGEINT", .hugeint),
        DUCKDB_TYPE_UHUGEINT.rawValue: ("UHUGEINT", .uhugeint),
        DUCKDB_TYPE_FLOAT.rawValue: ("FLOAT", .float),
        DUCKDB_TYPE_DOUBLE.rawValue: ("DOUBLE", .double),
        DUCKDB_TYPE_VARCHAR.rawValue: ("VARCHAR", .varchar),
        DUCKDB_TYPE_BLOB.rawValue: ("BLOB", .blob),
        DUCKDB_TYPE_DATE.rawValue: ("DATE", .date),
        DUCKDB_TYPE_TIME.rawValue: ("TIME", .time),
        DUCKDB_TYPE_TIME_NS.rawValue: ("TIME_NS", .timeNanos),
        DUCKDB_TYPE_TIME_TZ.rawValue: ("TIME WITH TIME ZONE", .timeWithZone),
        DUCKDB_TYPE_TIMESTAMP.rawValue: ("TIMESTAMP", .timestamp(unitsPerSecond: 1_000_000, zone: false)),
        DUCKDB_TYPE_TIMESTAMP_S.rawValue: ("TIMESTAMP_S", .timestamp(unitsPerSecond: 1, zone: false)),
        DUCKDB_TYPE_TIMESTAMP_MS.rawValue: ("TIMESTAMP_MS", .timestamp(unitsPerSecond: 1_000, zone: false)),
        DUCKDB_TYPE_TIMESTAMP_NS.rawValue: ("TIMESTAMP_NS", .timestamp(unitsPerSecond: 1_000_000_000, zone: false)),
        DUCKDB_TYPE_TIMESTAMP_TZ.rawValue: ("TIMESTAMP WITH TIME ZONE", .timestamp(unitsPerSecond: 1_000_000, zone: true)),
        DUCKDB_TYPE_INTERVAL.rawValue: ("INTERVAL", .interval),
        DUCKDB_TYPE_UUID.rawValue: ("UUID", .uuid),
        DUCKDB_TYPE_BIT.rawValue: ("BIT", .bit),
        DUCKDB_TYPE_BIGNUM.rawValue: ("BIGNUM", .bignum),
        DUCKDB_TYPE_SQLNULL.rawValue: ("\"NULL\"", .null),
    ]
}
