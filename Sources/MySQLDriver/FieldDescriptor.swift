import CMariaDB
import SwitchyardDrivers

/// One result column as Connector/C describes it, reduced to what the driver needs: its
/// name, the `SQLValue` case its text turns into, and a type name for clients.
struct FieldDescriptor: Sendable {
    /// How a column's text is read.
    enum Kind: Sendable {
        case integer, unsignedInteger, decimal, double, date, timestamp, time, bytes, bit, json, string, null
    }

    /// The binary collation: BLOB, BINARY and VARBINARY columns carry it.
    static let binaryCharset: UInt32 = 63

    let name: String
    let kind: Kind
    let typeName: String

    init(_ field: UnsafePointer<MYSQL_FIELD>) {
        let info = field.pointee
        name = String(decoding: UnsafeRawBufferPointer(start: info.name, count: Int(info.name_length)), as: UTF8.self)
        let format = Self.attribute(field, MARIADB_FIELD_ATTR_FORMAT_NAME)
        let dataType = Self.attribute(field, MARIADB_FIELD_ATTR_DATA_TYPE_NAME)
        kind = Self.kind(of: info, format: format)
        typeName = FieldTypeName.name(of: info, dataType: dataType)
    }

    /// The columns of a result (from a query or a prepared statement's metadata).
    static func all(of result: UnsafeMutablePointer<MYSQL_RES>) -> [FieldDescriptor] {
        let count = Int(mysql_num_fields(result))
        guard count > 0, let fields = mysql_fetch_fields(result) else { return [] }
        return (0..<count).map { FieldDescriptor(fields + $0) }
    }

    var column: ColumnInfo { ColumnInfo(name: name, type: typeName) }

    private static func kind(of field: MYSQL_FIELD, format: String) -> Kind {
        let unsigned = field.flags & UInt32(UNSIGNED_FLAG) != 0
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_INT24, MYSQL_TYPE_YEAR:
            return unsigned ? .unsignedInteger : .integer
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: return .decimal
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE: return .double
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE: return .date
        case MYSQL_TYPE_DATETIME, MYSQL_TYPE_DATETIME2, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_TIMESTAMP2: return .timestamp
        case MYSQL_TYPE_TIME, MYSQL_TYPE_TIME2: return .time
        case MYSQL_TYPE_BIT: return .bit
        case MYSQL_TYPE_JSON: return .json
        case MYSQL_TYPE_NULL: return .null
        default:
            // MariaDB sends JSON as LONGTEXT marked with the `json` format (extended metadata).
            if format == "json" { return .json }
            return field.charsetnr == binaryCharset ? .bytes : .string
        }
    }

    /// MariaDB's extended metadata (a data type name such as `inet6`, a format such as
    /// `json`), or "" when the server sends none.
    private static func attribute(_ field: UnsafePointer<MYSQL_FIELD>, _ which: mariadb_field_attr_t) -> String {
        var attribute = MARIADB_CONST_STRING()
        guard mariadb_field_attr(&attribute, field, which) == 0, let text = attribute.str, attribute.length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: Int(attribute.length)), as: UTF8.self)
    }

    /// The value of one cell, from the text Connector/C returns (nil for SQL NULL).
    func value(_ cell: UnsafePointer<CChar>?, length: Int) -> SQLValue {
        guard let cell else { return .null }
        let bytes = UnsafeRawBufferPointer(start: cell, count: length)
        if kind == .bytes { return .bytes(Array(bytes)) }
        if kind == .bit { return Self.bitValue(bytes) }
        let text = String(decoding: bytes, as: UTF8.self)
        switch kind {
        case .integer: return Int64(text).map(SQLValue.integer) ?? .decimal(text)
        case .unsignedInteger:
            guard let number = UInt64(text) else { return .decimal(text) }
            return number <= UInt64(Int64.max) ? .integer(Int64(number)) : .bigInteger(text)
        case .decimal: return .decimal(text)
        case .double: return Double(text).map(NumberFormat.double) ?? .string(text)
        case .date: return .date(text)
        case .timestamp: return .timestamp(TemporalFormat.normalized(text))
        case .time: return .time(TemporalFormat.normalized(text))
        case .json: return .json(text)
        case .null: return .null
        case .string, .bytes, .bit: return .string(text)
        }
    }

    /// BIT(n) arrives as n/8 big-endian bytes.
    private static func bitValue(_ bytes: UnsafeRawBufferPointer) -> SQLValue {
        let number = bytes.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return number <= UInt64(Int64.max) ? .integer(Int64(number)) : .bigInteger(String(number))
    }
}
