import ArrowIPC
import SwitchyardDrivers

/// How a value of an Arrow result (as Snowflake lays it out) becomes a `SQLValue`: NUMBER as
/// an integer or decimal with the column's scale applied to the unscaled integer (never
/// through a float); times as fractions of a second in 10^-scale units; timestamps either as
/// such an integer or as a struct `{epoch seconds, fraction nanoseconds[, timezone]}` whose
/// timezone is the offset in minutes plus 1440.
extension SnowflakeColumn {
    func value(_ column: ArrowColumn, _ row: Int) -> SQLValue {
        if column.isNull(row) { return .null }
        switch kind {
        case .fixed: return fixed(column, row)
        case .real: return NumberFormat.double(column.double(row))
        case .text: return .string(column.string(row))
        case .variant, .object, .array: return .json(column.string(row))
        case .boolean: return .bool(column.bool(row))
        case .date: return .date(TemporalFormat.date(days: column.int64(row)))
        case .time: return .time(TemporalFormat.time(column.int64(row), unitsPerSecond: unitsPerSecond))
        case .timestampNTZ: return timestamp(column, row).map { .timestamp($0) } ?? .null
        case .timestampLTZ: return timestamp(column, row).map { .timestamp($0 + "Z") } ?? .null
        case .timestampTZ: return zoned(column, row)
        case .binary: return .bytes(Array(column.bytes(row)))
        default: return column.field.type == .utf8 ? .string(column.string(row)) : .null
        }
    }

    private func fixed(_ column: ArrowColumn, _ row: Int) -> SQLValue {
        let unscaled: Int128
        if case .decimal = column.field.type {
            unscaled = column.decimal128(row)
        } else {
            let small = column.int64(row)
            if scale == 0 { return .integer(small) }
            unscaled = Int128(small)
        }
        if scale == 0, let small = Int64(exactly: unscaled) { return .integer(small) }
        return NumberFormat.decimal(unscaled: unscaled, scale: scale)
    }

    /// Wall-clock text without a zone, from either layout; nil when the struct's parts are null.
    private func timestamp(_ column: ArrowColumn, _ row: Int) -> String? {
        guard column.children.count >= 2 else {
            return TemporalFormat.timestamp(column.int64(row), unitsPerSecond: unitsPerSecond)
        }
        let epoch = column.children[0], fraction = column.children[1]
        guard !epoch.isNull(row) else { return nil }
        return Self.wallClock(seconds: epoch.int64(row), nanoseconds: fraction.isNull(row) ? 0 : fraction.int64(row))
    }

    private func zoned(_ column: ArrowColumn, _ row: Int) -> SQLValue {
        guard column.children.count >= 2, !column.children[0].isNull(row) else { return .null }
        let zone = column.children[column.children.count - 1]
        let offsetMinutes = zone.isNull(row) ? 0 : zone.int64(row) - 1440
        let seconds: Int64, nanoseconds: Int64
        if column.children.count == 3 {
            seconds = column.children[0].int64(row)
            nanoseconds = column.children[1].isNull(row) ? 0 : column.children[1].int64(row)
        } else {
            let units = column.children[0].int64(row)
            seconds = units / unitsPerSecond
            nanoseconds = (units % unitsPerSecond) * (1_000_000_000 / unitsPerSecond)
        }
        let local = Self.wallClock(seconds: seconds + offsetMinutes * 60, nanoseconds: nanoseconds)
        return .timestamp(local + (offsetMinutes == 0 ? "Z" : TemporalFormat.offset(secondsEast: offsetMinutes * 60)))
    }

    /// Seconds and nanoseconds kept apart, so that years up to 9999 do not overflow 64 bits.
    static func wallClock(seconds: Int64, nanoseconds: Int64) -> String {
        TemporalFormat.timestamp(seconds, unitsPerSecond: 1) + TemporalFormat.fraction(nanoseconds, unitsPerSecond: 1_000_000_000)
    }
}
