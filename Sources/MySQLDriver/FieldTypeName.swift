import CMariaDB

/// Names a result column's type the way MySQL spells it in DDL (`INT`, `BIGINT UNSIGNED`,
/// `VARCHAR`, `DECIMAL(10,2)`, `MEDIUMTEXT`, `JSON`), from what the wire protocol says.
enum FieldTypeName {
    static func name(of field: MYSQL_FIELD, format: String, dataType: String) -> String {
        if !dataType.isEmpty { return dataType.uppercased() }  // MariaDB plugin types: INET6, UUID
        if format == "json" { return "JSON" }
        let unsigned = field.flags & UInt32(UNSIGNED_FLAG) != 0
        let binary = field.charsetnr == FieldDescriptor.binaryCharset
        switch field.type {
        case MYSQL_TYPE_TINY: return integer("TINYINT", unsigned)
        case MYSQL_TYPE_SHORT: return integer("SMALLINT", unsigned)
        case MYSQL_TYPE_INT24: return integer("MEDIUMINT", unsigned)
        case MYSQL_TYPE_LONG: return integer("INT", unsigned)
        case MYSQL_TYPE_LONGLONG: return integer("BIGINT", unsigned)
        case MYSQL_TYPE_YEAR: return "YEAR"
        case MYSQL_TYPE_FLOAT: return "FLOAT"
        case MYSQL_TYPE_DOUBLE: return "DOUBLE"
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: return decimal(field, unsigned)
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE: return "DATE"
        case MYSQL_TYPE_TIME, MYSQL_TYPE_TIME2: return "TIME"
        case MYSQL_TYPE_DATETIME, MYSQL_TYPE_DATETIME2: return "DATETIME"
        case MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIMESTAMP2: return "TIMESTAMP"
        case MYSQL_TYPE_BIT: return "BIT"
        case MYSQL_TYPE_JSON: return "JSON"
        case MYSQL_TYPE_NULL: return "NULL"
        case MYSQL_TYPE_GEOMETRY: return "GEOMETRY"
        case MYSQL_TYPE_ENUM: return "ENUM"
        case MYSQL_TYPE_SET: return "SET"
        case MYSQL_TYPE_STRING:
            if field.flags & UInt32(ENUM_FLAG) != 0 { return "ENUM" }
            if field.flags & UInt32(SET_FLAG) != 0 { return "SET" }
            return binary ? "BINARY" : "CHAR"
        case MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_VARCHAR: return binary ? "VARBINARY" : "VARCHAR"
        case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB:
            return blob(field, binary)
        default: return "UNKNOWN"
        }
    }

    private static func integer(_ name: String, _ unsigned: Bool) -> String {
        unsigned ? name + " UNSIGNED" : name
    }

    /// The display length counts the sign (when signed) and the decimal point (when there
    /// are decimals): `DECIMAL(10,2)` has length 12.
    private static func decimal(_ field: MYSQL_FIELD, _ unsigned: Bool) -> String {
        let scale = Int(field.decimals)
        let precision = Int(field.length) - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1)
        return integer("DECIMAL(\(max(precision, 1)),\(scale))", unsigned)
    }

    /// The protocol sends every BLOB and TEXT as BLOB; the size class follows from the
    /// length in characters (bytes divided by the charset's widest character).
    private static func blob(_ field: MYSQL_FIELD, _ binary: Bool) -> String {
        let width = binary ? 1 : UInt64(max(mariadb_get_charset_by_nr(field.charsetnr)?.pointee.char_maxlen ?? 1, 1))
        let characters = UInt64(field.length) / width
        let size =
            switch characters {
            case ..<256: "TINY"
            case ..<65_536: ""
            case ..<16_777_216: "MEDIUM"
            default: "LONG"
            }
        return size + (binary ? "BLOB" : "TEXT")
    }
}
