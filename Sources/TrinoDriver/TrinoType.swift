import HTTPDriverKit

/// A result column's type, read from Trino's structured `typeSignature` (not from the display
/// name, whose spelling varies between versions). It decides how each value is decoded.
indirect enum TrinoType: Sendable, Equatable {
    case boolean
    /// tinyint, smallint, integer, bigint: JSON numbers that fit 64 bits.
    case integer
    /// real and double: JSON numbers, or the strings `NaN`, `Infinity`, `-Infinity`.
    case floating
    /// decimal(p,s): a string of exact digits.
    case decimal
    case json
    case date
    case time
    case timestamp
    case timestampWithTimeZone
    /// varbinary: base64 text.
    case binary
    case array(TrinoType)
    case map(key: TrinoType, value: TrinoType)
    /// Fields in order; Trino sends a row as a positional array.
    case row([RowField])
    /// varchar, char, uuid, ipaddress, intervals, time with time zone, and every type this
    /// driver does not know: passed on as Trino wrote them.
    case other

    struct RowField: Sendable, Equatable {
        let name: String
        let type: TrinoType
    }

    /// The type a `typeSignature` object describes.
    init(signature: JSONNode?) {
        guard let signature, let raw = signature["rawType"]?.string?.lowercased() else {
            self = .other
            return
        }
        let arguments = signature["arguments"]?.array ?? []
        switch raw {
        case "boolean": self = .boolean
        case "tinyint", "smallint", "integer", "bigint": self = .integer
        case "real", "double": self = .floating
        case "decimal": self = .decimal
        case "json": self = .json
        case "date": self = .date
        case "time": self = .time
        case "timestamp": self = .timestamp
        case "timestamp with time zone": self = .timestampWithTimeZone
        case "varbinary": self = .binary
        case "array": self = .array(Self.typeArguments(arguments).first ?? .other)
        case "map":
            let types = Self.typeArguments(arguments)
            self = types.count == 2 ? .map(key: types[0], value: types[1]) : .other
        case "row": self = .row(Self.fields(arguments))
        default: self = .other
        }
    }

    /// The signatures among `arguments` (`TYPE`, or `TYPE_SIGNATURE` in older servers).
    private static func typeArguments(_ arguments: [JSONNode]) -> [TrinoType] {
        arguments.compactMap { argument in
            guard let kind = argument["kind"]?.string, kind.hasPrefix("TYPE") else { return nil }
            return TrinoType(signature: argument["value"])
        }
    }

    /// A row's fields; an unnamed one is called `field<position>`, as Trino names them in SQL.
    private static func fields(_ arguments: [JSONNode]) -> [RowField] {
        arguments.enumerated().map { position, argument in
            let value = argument["value"]
            let name = value?["fieldName"]?["name"]?.string ?? "field\(position)"
            return RowField(name: name, type: TrinoType(signature: value?["typeSignature"]))
        }
    }
}
