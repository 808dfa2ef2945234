import CDuckDB
import SwitchyardDrivers

/// How to read one column's values out of DuckDB's vectors, decided once per statement from
/// the column's type. Scalars become the matching `SQLValue`; lists, structs, maps, arrays and
/// unions become JSON text (see `VectorReader+JSON.swift`). Only the nested cases are
/// indirect: a scalar column's reader is read once per value, without a box to follow.
enum VectorReader: Sendable {
    case boolean
    case signed(bytes: Int)
    case unsigned(bytes: Int)
    case hugeint, uhugeint
    case float, double
    /// DECIMAL(width, scale), stored as a 2-, 4-, 8- or 16-byte integer depending on width.
    case decimal(scale: Int, storageBytes: Int)
    case varchar, json, blob
    case date, time, timeNanos, timeWithZone
    /// All TIMESTAMP kinds: an integer count of `1 / unitsPerSecond` seconds since 1970.
    case timestamp(unitsPerSecond: Int64, zone: Bool)
    case interval, uuid
    case enumeration(storageBytes: Int, labels: [String])
    indirect case list(VectorReader)
    indirect case array(VectorReader, size: Int)
    case structure([Field])
    indirect case map(key: VectorReader, value: VectorReader)
    case union([Field])
    case bit, bignum
    /// The type of a bare `NULL`: every value is null.
    case null

    struct Field: Sendable {
        let name: String
        let reader: VectorReader
    }

    /// The value at `row`, or `.null` where the validity mask says so.
    func value(_ view: VectorView, _ row: Int) -> SQLValue {
        guard view.isValid(row) else { return .null }
        switch self {
        case .list, .array, .structure, .map, .union: return .json(json(view, row))
        default: break
        }
        // Struct and array vectors have no data of their own; every other kind does.
        guard let data = view.data else { return .null }
        switch self {
        case .null: return .null
        case .boolean: return .bool(data.load(fromByteOffset: row, as: UInt8.self) != 0)
        case .signed(let bytes): return .integer(Self.signed(data, row, bytes))
        case .unsigned(let bytes):
            let value = Self.unsigned(data, row, bytes)
            return value <= UInt64(Int64.max) ? .integer(Int64(value)) : .bigInteger(String(value))
        case .hugeint: return .bigInteger(String(Self.int128(data, row)))
        case .uhugeint: return .bigInteger(String(UInt128(bitPattern: Self.int128(data, row))))
        // Through the float's own shortest text, so 0.1 stays 0.1 rather than 0.100000001…
        case .float: return NumberFormat.float(data.load(fromByteOffset: row * 4, as: Float.self))
        case .double: return NumberFormat.double(data.load(fromByteOffset: row * 8, as: Double.self))
        case .decimal(let scale, let bytes):
            let unscaled = bytes == 16 ? Self.int128(data, row) : Int128(Self.signed(data, row, bytes))
            return NumberFormat.decimal(unscaled: unscaled, scale: scale)
        case .varchar: return .string(String(decoding: Self.bytes(data, row), as: UTF8.self))
        case .json: return .json(String(decoding: Self.bytes(data, row), as: UTF8.self))
        case .blob: return .bytes(Array(Self.bytes(data, row)))
        case .date: return .date(Self.date(days: Int64(data.load(fromByteOffset: row * 4, as: Int32.self))))
        case .time: return .time(TemporalFormat.time(data.load(fromByteOffset: row * 8, as: Int64.self), unitsPerSecond: 1_000_000))
        case .timeNanos: return .time(TemporalFormat.time(data.load(fromByteOffset: row * 8, as: Int64.self), unitsPerSecond: 1_000_000_000))
        case .timeWithZone:
            var value = cduckdb_create_time_tz_value(duckdb_time_tz(bits: data.load(fromByteOffset: row * 8, as: UInt64.self)))
            return .string(Self.text(of: &value))
        case .timestamp(let units, let zone):
            let value = data.load(fromByteOffset: row * 8, as: Int64.self)
            // Microseconds (TIMESTAMP, TIMESTAMPTZ) stay a count until they are encoded.
            if units == 1_000_000, value != .max, value != -.max { return .timestampMicros(value, utc: zone) }
            return .timestamp(Self.timestamp(value, unitsPerSecond: units, zone: zone))
        case .interval:
            let base = row * 16
            var value = cduckdb_create_interval(duckdb_interval(
                months: data.load(fromByteOffset: base, as: Int32.self),
                days: data.load(fromByteOffset: base + 4, as: Int32.self),
                micros: data.load(fromByteOffset: base + 8, as: Int64.self)))
            return .string(Self.text(of: &value))
        case .uuid: return .string(NumberText.uuid(Self.int128(data, row)))
        case .enumeration(let bytes, let labels):
            let index = Int(Self.unsigned(data, row, bytes))
            return .string(index < labels.count ? labels[index] : "")
        case .bit: return .string(NumberText.bits(Self.bytes(data, row)))
        case .bignum: return .bigInteger(NumberText.bignum(Self.bytes(data, row)))
        case .list, .array, .structure, .map, .union: return .null
        }
    }

    /// DuckDB encodes ±infinity as the largest DATE (32-bit) and TIMESTAMP (64-bit) values.
    private static func date(days: Int64) -> String {
        abs(days) == Int64(Int32.max) ? (days < 0 ? "-infinity" : "infinity") : TemporalFormat.date(days: days)
    }

    /// A TIMESTAMPTZ is UTC, hence its `Z`.
    private static func timestamp(_ value: Int64, unitsPerSecond: Int64, zone: Bool) -> String {
        if value == .max || value == -.max { return value < 0 ? "-infinity" : "infinity" }
        return TemporalFormat.timestamp(value, unitsPerSecond: unitsPerSecond) + (zone ? "Z" : "")
    }

    static func signed(_ data: UnsafeMutableRawPointer, _ row: Int, _ bytes: Int) -> Int64 {
        switch bytes {
        case 1: Int64(data.load(fromByteOffset: row, as: Int8.self))
        case 2: Int64(data.load(fromByteOffset: row * 2, as: Int16.self))
        case 4: Int64(data.load(fromByteOffset: row * 4, as: Int32.self))
        default: data.load(fromByteOffset: row * 8, as: Int64.self)
        }
    }

    static func unsigned(_ data: UnsafeMutableRawPointer, _ row: Int, _ bytes: Int) -> UInt64 {
        switch bytes {
        case 1: UInt64(data.load(fromByteOffset: row, as: UInt8.self))
        case 2: UInt64(data.load(fromByteOffset: row * 2, as: UInt16.self))
        case 4: UInt64(data.load(fromByteOffset: row * 4, as: UInt32.self))
        default: data.load(fromByteOffset: row * 8, as: UInt64.self)
        }
    }

    /// DuckDB's 128-bit integers: the low 64 bits first, then the high 64 bits (signed).
    static func int128(_ data: UnsafeMutableRawPointer, _ row: Int) -> Int128 {
        let lower = data.load(fromByteOffset: row * 16, as: UInt64.self)
        let upper = data.load(fromByteOffset: row * 16 + 8, as: Int64.self)
        return Int128(upper) << 64 | Int128(lower)
    }

    /// A VARCHAR or BLOB element's bytes, valid while its chunk lives.
    static func bytes(_ data: UnsafeMutableRawPointer, _ row: Int) -> UnsafeRawBufferPointer {
        let element = (data + row * MemoryLayout<duckdb_string_t>.stride).assumingMemoryBound(to: duckdb_string_t.self)
        return UnsafeRawBufferPointer(start: cduckdb_string_data(element), count: Int(cduckdb_string_length(element)))
    }

    /// DuckDB's own text for a value it built (INTERVAL, TIME WITH TIME ZONE), then freed.
    private static func text(of value: inout OpaquePointer?) -> String {
        defer { cduckdb_destroy_value(&value) }
        guard let value, let text = cduckdb_get_varchar(value) else { return "" }
        defer { cduckdb_free(text) }
        return String(cString: text)
    }
}
