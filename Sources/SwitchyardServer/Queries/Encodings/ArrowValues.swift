import ArrowIPC
import Foundation
import SwitchyardCore
import SwitchyardDrivers

/// From the drivers' values to Arrow's: which type a column gets, and each cell in that type.
/// Dates, times and timestamps arrive as ISO 8601 text (`2024-02-29`, `13:45:30.123456`,
/// `2024-02-29T13:45:30.123456Z`), decimals as digits.
enum ArrowValues {
    /// A value the column's Arrow type, decided from the first batch, cannot hold.
    struct Mismatch: Error, HTTPStatusError {
        let column: String
        let type: ArrowWriteType
        var statusCode: Int { 502 }
        var clientMessage: String { "column \(column) holds a value its Arrow type (\(type)) cannot hold" }
    }

    static func type(of value: SQLValue?, declared: String) -> ArrowWriteType {
        switch value {
        case .bool: .bool
        case .integer: .int64
        case .double: .float64
        case .bigInteger: .decimal128(precision: 38, scale: 0)
        case .decimal: declaredScale(declared).map { .decimal128(precision: $0.precision, scale: $0.scale) } ?? .utf8
        case .date: .date32
        case .time: .time64Microseconds
        case .timestamp(let text): .timestampMicroseconds(timeZone: Timestamp.hasZone(text) ? "UTC" : nil)
        case .timestampMicros(_, let utc): .timestampMicroseconds(timeZone: utc ? "UTC" : nil)
        case .bytes: .binary
        case .string, .json, .null, nil: .utf8
        }
    }

    static func value(_ value: SQLValue, as type: ArrowWriteType, column: String) throws -> ArrowWriteValue {
        func mismatch() -> Mismatch { Mismatch(column: column, type: type) }
        switch (type, value) {
        case (_, .null): return .null
        case (.utf8, _): return .utf8(text(value))
        case (.bool, .bool(let flag)): return .bool(flag)
        case (.int64, .integer(let number)): return .int64(number)
        case (.float64, .double(let number)): return .float64(number)
        case (.float64, .integer(let number)): return .float64(Double(number))
        case (.decimal128(_, let scale), .decimal(let digits)), (.decimal128(_, let scale), .bigInteger(let digits)):
            guard let unscaled = Decimal128Text.unscaled(digits, scale: scale) else { throw mismatch() }
            return .decimal128(unscaled)
        case (.decimal128(_, let scale), .integer(let number)):
            guard let unscaled = Decimal128Text.unscaled(String(number), scale: scale) else { throw mismatch() }
            return .decimal128(unscaled)
        case (.date32, .date(let text)):
            guard let days = Timestamp.days(text), let day = Int32(exactly: days) else { throw mismatch() }
            return .date32(day)
        case (.time64Microseconds, .time(let text)):
            guard let micros = Timestamp.microsOfDay(text) else { throw mismatch() }
            return .time64(micros)
        case (.timestampMicroseconds, .timestamp(let text)):
            guard let micros = Timestamp.micros(text) else { throw mismatch() }
            return .timestamp(micros)
        case (.timestampMicroseconds, .timestampMicros(let micros, _)): return .timestamp(micros)
        case (.binary, .bytes(let bytes)): return .binary(bytes)
        default: throw mismatch()
        }
    }

    private static func text(_ value: SQLValue) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .double(let number): "\(number)"
        case .bigInteger(let text), .decimal(let text), .string(let text), .date(let text), .time(let text),
            .timestamp(let text), .json(let text):
            text
        case .timestampMicros(let micros, let utc): TemporalFormat.timestamp(micros: micros, utc: utc)
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    /// `(p,s)` in a type name such as `numeric(12,2)`, `DECIMAL(18, 3)` or `NUMBER(38,0)`.
    static func declaredScale(_ type: String) -> (precision: Int, scale: Int)? {
        guard let open = type.firstIndex(of: "("), let close = type[open...].firstIndex(of: ")") else { return nil }
        let parts = type[type.index(after: open)..<close].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let precision = parts[0], let scale = parts[1], (1...38).contains(precision), (0...precision).contains(scale)
        else { return nil }
        return (precision, scale)
    }
}

/// Decimal digits as an Arrow decimal128's unscaled integer. Read byte by byte: this runs once
/// per cell of millions.
enum Decimal128Text {
    /// `-123.4` at scale 2 is -12340; nil when the text is not a number, has more fraction
    /// digits than the scale, or does not fit 38 digits.
    static func unscaled(_ text: String, scale: Int) -> Int128? {
        var value: Int128 = 0
        var negative = false, seenPoint = false, fractionDigits = 0, significant = 0, digits = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: "+") where index == 0: break
            case UInt8(ascii: ".") where !seenPoint: seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if seenPoint { fractionDigits += 1 }
                guard fractionDigits <= scale else { return nil }
                if value != 0 || byte != UInt8(ascii: "0") { significant += 1 }
                guard significant <= 38 else { return nil }
                value = value * 10 + Int128(byte - UInt8(ascii: "0"))
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        for _ in fractionDigits..<scale {
            if value != 0 { significant += 1 }
            guard significant <= 38 else { return nil }
            value *= 10
        }
        return negative ? -value : value
    }
}

/// ISO 8601 dates and times as Arrow's day and microsecond counts, read byte by byte.
enum Timestamp {
    /// Whether the text names its zone (`Z` or an offset after the time).
    static func hasZone(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let t = bytes.firstIndex(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: " ") }) else { return false }
        return bytes[(t + 1)...].contains { $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
    }

    /// Microseconds since 1970-01-01T00:00:00Z (or since that wall-clock time, without a zone).
    static func micros(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            guard let t = bytes.firstIndex(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: " ") }),
                let days = days(UnsafeBufferPointer(rebasing: bytes[..<t]))
            else { return nil }
            var end = bytes.endIndex
            var offset: Int64 = 0
            if bytes[end - 1] == UInt8(ascii: "Z") {
                end -= 1
            } else if let sign = bytes[(t + 1)...].lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
                let zone = UnsafeBufferPointer(rebasing: bytes[(sign + 1)...])
                guard let hours = number(zone, 0, 2) else { return nil }
                let minutes = zone.count >= 5 ? number(zone, 3, 2) ?? 0 : 0
                offset = (hours * 3600 + minutes * 60) * 1_000_000 * (bytes[sign] == UInt8(ascii: "-") ? -1 : 1)
                end = sign
            }
            guard let ofDay = microsOfDay(UnsafeBufferPointer(rebasing: bytes[(t + 1)..<end])) else { return nil }
            return days * 86_400_000_000 + ofDay - offset
        }
    }

    static func days(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { days($0) }
    }

    static func microsOfDay(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { microsOfDay($0) }
    }

    /// `YYYY-MM-DD` (a year of 4 or more digits, maybe negative) as days since 1970-01-01.
    private static func days(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = bytes.first == UInt8(ascii: "-")
        let start = negative ? 1 : 0
        guard bytes.count - start >= 10, bytes[bytes.count - 3] == UInt8(ascii: "-"), bytes[bytes.count - 6] == UInt8(ascii: "-"),
            let year = number(bytes, start, bytes.count - 6 - start), let month = number(bytes, bytes.count - 5, 2),
            let day = number(bytes, bytes.count - 2, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return CivilCalendar.daysSince1970(year: negative ? -year : year, month: month, day: day)
    }

    /// `HH:MM:SS[.f…]` as microseconds since midnight (digits past the sixth are dropped).
    private static func microsOfDay(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 8, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"),
            let hours = number(bytes, 0, 2), let minutes = number(bytes, 3, 2), let seconds = number(bytes, 6, 2)
        else { return nil }
        var micros: Int64 = 0
        if bytes.count > 8 {
            guard bytes[8] == UInt8(ascii: "."), bytes.count > 9 else { return nil }
            let digits = min(bytes.count - 9, 6)
            guard let fraction = number(bytes, 9, digits), bytes[(9 + digits)...].allSatisfy({ (48...57).contains($0) }) else { return nil }
            micros = fraction
            for _ in digits..<6 { micros *= 10 }
        }
        return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
    }

    /// The decimal number in `count` bytes from `start`; nil if any is not a digit.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int64? {
        guard count > 0, start + count <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[start..<(start + count)] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - 48)
        }
        return value
    }
}
