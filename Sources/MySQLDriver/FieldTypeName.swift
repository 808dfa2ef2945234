import CMariaDB

/// Names a result column's type the way `information_schema.COLUMNS.COLUMN_TYPE` does
/// (`int(11)`, `bigint(20) unsigned`, `varchar(40)`, `decimal(10,2)`, `datetime(6)`,
/// `mediumtext`), so that a column reads the same from a query as from the table routes.
/// Built from what the wire protocol says; ENUM and SET values are not sent, so those read
/// `enum` and `set` without them.
enum FieldTypeName {
    static func name(of field: MYSQL_FIELD, dataType: String) -> String {
        if !dataType.isEmpty { return dataType.lowercased() }  // MariaDB plugin types: inet6, uuid
        let unsigned = field.flags & UInt32(UNSIGNED_FLAG) != 0
        let binary = field.charsetnr == FieldDescriptor.binaryCharset
        let length = UInt64(field.length)
        switch field.type {
        case MYSQL_TYPE_TINY: return integer("tinyint", field, unsigned)
        case MYSQL_TYPE_SHORT: return integer("smallint", field, unsigned)
        case MYSQL_TYPE_INT24: return integer("mediumint", field, unsigned)
        case MYSQL_TYPE_LONG: return integer("int", field, unsigned)
        case MYSQL_TYPE_LONGLONG: return integer("bigint", field, unsigned)
        case MYSQL_TYPE_YEAR: return "year(\(length))"
        case MYSQL_TYPE_FLOAT: return "float"
        case MYSQL_TYPE_DOUBLE: return "double"
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: return decimal(field, unsigned)
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE: return "date"
        case MYSQL_TYPE_TIME, MYSQL_TYPE_TIME2: return temporal("time", field)
        case MYSQL_TYPE_DATETIME, MYSQL_TYPE_DATETIME2: return temporal("datetime", field)
        case MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIMESTAMP2: return temporal("timestamp", field)
        case MYSQL_TYPE_BIT: return "bit(\(length))"
        case MYSQL_TYPE_JSON: return "json"
        case MYSQL_TYPE_NULL: return "null"
        case MYSQL_TYPE_GEOMETRY: return "geometry"
        case MYSQL_TYPE_ENUM: return "enum"
        case MYSQL_TYPE_SET: return "set"
        case MYSQL_TYPE_STRING:
            if field.flags & UInt32(ENUM_FLAG) != 0 { return "enum" }
            if field.flags & UInt32(SET_FLAG) != 0 { return "set" }
            return (binary ? "binary" : "char") + "(\(characters(field, binary)))"
        case MYSQL_TYPE_VAR_STRING, MYSQL_TYPE_VARCHAR:
            return (binary ? "varbinary" : "varchar") + "(\(characters(field, binary)))"
        case MYSQL_TYPE_TINY_BLOB, MYSQL_TYPE_BLOB, MYSQL_TYPE_MEDIUM_BLOB, MYSQL_TYPE_LONG_BLOB:
            return blob(field, binary)
        default: return "unknown"
        }
    }

    /// `int(11)`: the display width is the field's length; `zerofill` implies `unsigned`.
    private static func integer(_ name: String, _ field: MYSQL_FIELD, _ unsigned: Bool) -> String {
        let zerofill = field.flags & UInt32(ZEROFILL_FLAG) != 0
        return "\(name)(\(field.length))" + (unsigned ? " unsigned" : "") + (zerofill ? " zerofill" : "")
    }

    /// The display length counts the sign (when signed) and the decimal point (when there
    /// are decimals): `decimal(10,2)` has length 12.
    private static func decimal(_ field: MYSQL_FIELD, _ unsigned: Bool) -> String {
        let scale = Int(field.decimals)
        let precision = Int(field.length) - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1)
        return "decimal(\(max(precision, 1)),\(scale))" + (unsigned ? " unsigned" : "")
    }

    /// `datetime(6)` when the column keeps fractions of a second, `datetime` when not.
    private static func temporal(_ name: String, _ field: MYSQL_FIELD) -> String {
        (1...6).contains(field.decimals) ? "\(name)(\(field.decimals))" : name
    }

    /// The length in characters: bytes divided by the charset's widest character.
    private static func characters(_ field: MYSQL_FIELD, _ binary: Bool) -> UInt64 {
        let width = binary ? 1 : UInt64(max(mariadb_get_charset_by_nr(field.charsetnr)?.pointee.char_maxlen ?? 1, 1))
        return UInt64(field.length) / width
    }

    /// The protocol sends every BLOB and TEXT as BLOB; the size class follows from the
    /// length in characters. MariaDB's JSON is a LONGTEXT, as its table definition says.
    private static func blob(_ field: MYSQL_FIELD, _ binary: Bool) -> String {
        let size =
            switch characters(field, binary) {
            case ..<256: "tiny"
            case ..<65_536: ""
            case ..<16_777_216: "medium"
            default: "long"
            }
        return size + (binary ? "blob" : "text")
    }
}
