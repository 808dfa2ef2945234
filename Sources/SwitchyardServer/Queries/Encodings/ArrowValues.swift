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
            guard let days = Timestamp.days(text[...]) else { throw mismatch() }
            return .date32(Int32(days))
        case (.time64Microseconds, .time(let text)):
            guard let micros = Timestamp.microsOfDay(text[...]) else { throw mismatch() }
            return .time64(micros)
        case (.timestampMicroseconds, .timestamp(let text)):
            guard let micros = Timestamp.micros(text) else { throw mismatch() }
            return .timestamp(micros)
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

/// Decimal digits as an Arrow decimal128's unscaled integer.
enum Decimal128Text {
    /// `-123.4` at scale 2 is -12340; nil when the text is not a number, has more fraction
    /// digits than the scale, or does not fit 38 digits.
    static func unscaled(_ text: String, scale: Int) -> Int128? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty || !fraction.isEmpty, fraction.count <= scale,
            (whole + fraction).allSatisfy(\.isASCII), (whole + fraction).allSatisfy(\.isNumber)
        else { return nil }
        let all = whole + fraction + String(repeating: "0", count: scale - fraction.count)
        let significant = all.drop { $0 == "0" }
        guard significant.count <= 38 else { return nil }
        var value: Int128 = 0
        for digit in significant { value = value * 10 + Int128(digit.wholeNumberValue!) }
        return negative ? -value : value
    }
}

/// ISO 8601 dates and times as Arrow's day and microsecond counts.
enum Timestamp {
    /// Whether the text names its zone (`Z` or an offset after the time).
    static func hasZone(_ text: String) -> Bool {
        guard let t = text.firstIndex(where: { $0 == "T" || $0 == " " }) else { return false }
        let time = text[text.index(after: t)...]
        return time.hasSuffix("Z") || time.contains("+") || time.contains("-")
    }

    /// Microseconds since 1970-01-01T00:00:00Z (or since that wall-clock time, without a zone).
    static func micros(_ text: String) -> Int64? {
        guard let t = text.firstIndex(where: { $0 == "T" || $0 == " " }), let days = days(text[..<t]) else { return nil }
        var time = text[text.index(after: t)...]
        var offset: Int64 = 0
        if time.hasSuffix("Z") {
            time = time.dropLast()
        } else if let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let parts = time[time.index(after: sign)...].split(separator: ":")
            guard let hours = parts.first.flatMap({ Int64($0) }) else { return nil }
            let minutes = parts.count > 1 ? Int64(parts[1]) ?? 0 : 0
            offset = (hours * 3600 + minutes * 60) * 1_000_000 * (time[sign] == "-" ? -1 : 1)
            time = time[..<sign]
        }
        guard let ofDay = microsOfDay(time) else { return nil }
        return Int64(days) * 86_400_000_000 + ofDay - offset
    }

    /// `YYYY-MM-DD` as days since 1970-01-01 (proleptic Gregorian).
    static func days(_ text: Substring) -> Int? {
        let negative = text.first == "-"
        let parts = (negative ? text.dropFirst() : text).split(separator: "-")
        guard parts.count == 3, var year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        if negative { year = -year }
        return Int(CivilCalendar.daysSince1970(year: Int64(year), month: Int64(month), day: Int64(day)))
    }

    /// `HH:MM:SS[.ffffff]` as microseconds since midnight.
    static func microsOfDay(_ text: Substring) -> Int64? {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let hours = Int64(parts[0]), let minutes = Int64(parts[1]) else { return nil }
        let secondParts = parts[2].split(separator: ".", maxSplits: 1)
        guard let seconds = Int64(secondParts[0]) else { return nil }
        var micros: Int64 = 0
        if secondParts.count == 2 {
            let fraction = secondParts[1].prefix(6)
            guard let value = Int64(fraction), fraction.allSatisfy(\.isNumber) else { return nil }
            micros = value * Int64(pow10(6 - fraction.count))
        }
        return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
    }

    private static func pow10(_ exponent: Int) -> Int { (0..<exponent).reduce(1) { value, _ in value * 10 } }
}
