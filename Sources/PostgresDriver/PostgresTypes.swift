/// How values of one type are read from PostgreSQL's binary format. Chosen once per column,
/// from the type's OID, so that reading a row is a switch per cell and nothing more.
enum ValueKind: Sendable, Equatable {
    case bool, int2, int4, int8, oid, float4, float8, numeric
    /// Types whose binary form is their text: text, varchar, bpchar, name, xml, enums, …
    case text
    case char, bytea, uuid, json, jsonb
    case date, time, timetz, timestamp, timestamptz, interval
    case macaddr, macaddr8, inet, bits, lsn
    /// An array; its element type is read from the value itself.
    case array
    /// No reader: the value becomes a placeholder naming the type.
    case unsupported
}

/// A type the driver knows without asking the server: its SQL name, as `format_type` prints it
/// with no modifier, and how its values are read.
struct KnownType: Sendable {
    var name: String
    var kind: ValueKind
}

/// The built-in types, by OID. These OIDs are fixed in every PostgreSQL since 8.x.
enum BuiltinTypes {
    static func type(_ oid: UInt32) -> KnownType? {
        if let scalar = scalars[oid] { return scalar }
        guard let element = arrayElements[oid], let elementType = scalars[element] else { return nil }
        return KnownType(name: elementType.name + "[]", kind: .array)
    }

    /// The element type of a built-in array type.
    static func element(ofArray oid: UInt32) -> UInt32? { arrayElements[oid] }

    static let scalars: [UInt32: KnownType] = [
        16: .init(name: "boolean", kind: .bool),
        17: .init(name: "bytea", kind: .bytea),
        18: .init(name: "\"char\"", kind: .char),
        19: .init(name: "name", kind: .text),
        20: .init(name: "bigint", kind: .int8),
        21: .init(name: "smallint", kind: .int2),
        23: .init(name: "integer", kind: .int4),
        24: .init(name: "regproc", kind: .oid),
        25: .init(name: "text", kind: .text),
        26: .init(name: "oid", kind: .oid),
        28: .init(name: "xid", kind: .oid),
        114: .init(name: "json", kind: .json),
        142: .init(name: "xml", kind: .text),
        650: .init(name: "cidr", kind: .inet),
        700: .init(name: "real", kind: .float4),
        701: .init(name: "double precision", kind: .float8),
        705: .init(name: "unknown", kind: .text),
        774: .init(name: "macaddr8", kind: .macaddr8),
        790: .init(name: "money", kind: .unsupported),
        829: .init(name: "macaddr", kind: .macaddr),
        869: .init(name: "inet", kind: .inet),
        1042: .init(name: "bpchar", kind: .text),
        1043: .init(name: "character varying", kind: .text),
        1082: .init(name: "date", kind: .date),
        1083: .init(name: "time without time zone", kind: .time),
        1114: .init(name: "timestamp without time zone", kind: .timestamp),
        1184: .init(name: "timestamp with time zone", kind: .timestamptz),
        1186: .init(name: "interval", kind: .interval),
        1266: .init(name: "time with time zone", kind: .timetz),
        1560: .init(name: "\"bit\"", kind: .bits),
        1562: .init(name: "bit varying", kind: .bits),
        1700: .init(name: "numeric", kind: .numeric),
        1790: .init(name: "refcursor", kind: .text),
        2205: .init(name: "regclass", kind: .oid),
        2206: .init(name: "regtype", kind: .oid),
        2249: .init(name: "record", kind: .unsupported),
        2278: .init(name: "void", kind: .unsupported),
        2950: .init(name: "uuid", kind: .uuid),
        3220: .init(name: "pg_lsn", kind: .lsn),
        3614: .init(name: "tsvector", kind: .unsupported),
        3615: .init(name: "tsquery", kind: .unsupported),
        3802: .init(name: "jsonb", kind: .jsonb),
        4089: .init(name: "regnamespace", kind: .oid),
    ]

    static let arrayElements: [UInt32: UInt32] = [
        1000: 16, 1001: 17, 1002: 18, 1003: 19, 1016: 20, 1005: 21, 1007: 23, 1008: 24, 1009: 25,
        1028: 26, 1011: 28, 199: 114, 143: 142, 651: 650, 1021: 700, 1022: 701, 775: 774, 1040: 829,
        1041: 869, 1014: 1042, 1015: 1043, 1182: 1082, 1183: 1083, 1115: 1114, 1185: 1184, 1187: 1186,
        1270: 1266, 1561: 1560, 1563: 1562, 1231: 1700, 2201: 1790, 2210: 2205, 2211: 2206, 2951: 2950,
        3221: 3220, 3807: 3802, 4090: 4089,
    ]
}
