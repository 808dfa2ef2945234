/// The Arrow types that ``ArrowStreamWriter`` writes columns as.
///
/// A deliberately small set: each database value maps onto one of these without loss, and
/// all of them are core types of the Arrow format, so clients in any language read them.
public enum ArrowWriteType: Sendable, Equatable {
    case bool
    case int64
    case float64
    /// Text, written as UTF-8 with 32-bit offsets.
    case utf8
    /// Bytes, with 32-bit offsets.
    case binary
    /// A fixed-point number stored as its unscaled 128-bit value; `precision` is 1...38
    /// decimal digits, of which `scale` lie after the point (a negative scale multiplies
    /// by a power of ten).
    case decimal128(precision: Int, scale: Int)
    /// A calendar date: days since 1970-01-01.
    case date32
    /// A time of day: microseconds since midnight, below 86,400,000,000.
    case time64Microseconds
    /// Microseconds since 1970-01-01 00:00:00. With a zone (`"UTC"`, `"Europe/Zurich"`,
    /// `"+02:00"`) the value is an instant, counted in UTC and shown in that zone; without
    /// one it is a wall-clock date and time.
    case timestampMicroseconds(timeZone: String?)
}

/// One column of the stream's schema.
public struct ArrowWriteField: Sendable, Equatable {
    public var name: String
    public var type: ArrowWriteType
    /// Whether the column may hold nulls; a null in a non-nullable column is rejected when written.
    public var nullable: Bool

    public init(name: String, type: ArrowWriteType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// One cell of a row. Each case fits exactly one ``ArrowWriteType``; ``null`` fits any
/// nullable column.
public enum ArrowWriteValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int64(Int64)
    case float64(Double)
    case utf8(String)
    case binary([UInt8])
    /// The unscaled value: 123.45 in a column of scale 2 is `decimal128(12345)`.
    case decimal128(Int128)
    /// Days since 1970-01-01.
    case date32(Int32)
    /// Microseconds since midnight.
    case time64(Int64)
    /// Microseconds since 1970-01-01 00:00:00 (UTC for a column with a zone).
    case timestamp(Int64)

    /// The case's name without its payload, for errors: cell contents never appear in them.
    var caseName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int64: "int64"
        case .float64: "float64"
        case .utf8: "utf8"
        case .binary: "binary"
        case .decimal128: "decimal128"
        case .date32: "date32"
        case .time64: "time64"
        case .timestamp: "timestamp"
        }
    }
}
