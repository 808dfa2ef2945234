import Foundation
import SwitchyardDrivers

/// How a value of a JSON result (`rowset`, every value a string) becomes a `SQLValue`, as
/// Snowflake writes them there: NUMBER as its digits, DATE as days since the epoch, TIME and
/// timestamps as seconds with a fraction, TIMESTAMP_TZ followed by its timezone (minutes
/// plus 1440), BINARY in hex, BOOLEAN as `1`/`0` or `true`/`false`.
extension SnowflakeColumn {
    func value(text: String?) -> SQLValue {
        guard let text else { return .null }
        switch kind {
        case .fixed: return scale == 0 ? Int64(text).map(SQLValue.integer) ?? .decimal(text) : .decimal(text)
        case .real: return Double(text).map(NumberFormat.double) ?? .string(text)
        case .boolean: return .bool(text == "1" || text.lowercased() == "true")
        case .date: return Int64(text).map { .date(TemporalFormat.date(days: $0)) } ?? .string(text)
        case .time: return Self.secondsAndNanos(text).map { .time(TemporalFormat.time($0.0, unitsPerSecond: 1) + TemporalFormat.fraction($0.1, unitsPerSecond: 1_000_000_000)) } ?? .string(text)
        case .timestampNTZ: return Self.secondsAndNanos(text).map { .timestamp(Self.wallClock(seconds: $0.0, nanoseconds: $0.1)) } ?? .string(text)
        case .timestampLTZ: return Self.secondsAndNanos(text).map { .timestamp(Self.wallClock(seconds: $0.0, nanoseconds: $0.1) + "Z") } ?? .string(text)
        case .timestampTZ: return zoned(text)
        case .binary: return Self.hexBytes(text).map(SQLValue.bytes) ?? .string(text)
        case .variant, .object, .array: return .json(text)
        default: return .string(text)
        }
    }

    private func zoned(_ text: String) -> SQLValue {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let zone = Int64(parts[1]), let (seconds, nanos) = Self.secondsAndNanos(String(parts[0])) else {
            return .string(text)
        }
        let offset = (zone - 1440) * 60
        let local = Self.wallClock(seconds: seconds + offset, nanoseconds: nanos)
        return .timestamp(local + (offset == 0 ? "Z" : TemporalFormat.offset(secondsEast: offset)))
    }

    /// `-12.5` as (-13, 500000000): whole seconds rounded down, and the rest in nanoseconds.
    static func secondsAndNanos(_ text: String) -> (Int64, Int64)? {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard let whole = Int64(parts[0]) else { return nil }
        guard parts.count == 2 else { return (whole, 0) }
        let digits = String(parts[1].prefix(9)).padding(toLength: 9, withPad: "0", startingAt: 0)
        guard let fraction = Int64(digits) else { return nil }
        return text.hasPrefix("-") && fraction > 0 ? (whole - 1, 1_000_000_000 - fraction) : (whole, fraction)
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
