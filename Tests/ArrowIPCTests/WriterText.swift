import ArrowIPC

/// The text the pyarrow script prints for a written cell, computed here from the value alone,
/// so that a disagreement shows a unit, scale or epoch read differently.
enum WriterText {
    /// nil for a null; otherwise the same text as `text()` in ``WriterPyarrow/script``.
    static func of(_ value: ArrowWriteValue, as type: ArrowWriteType) -> String? {
        switch (value, type) {
        case (.null, _): return nil
        case let (.bool(flag), _): return flag ? "true" : "false"
        case let (.int64(number), _): return String(number)
        case let (.float64(number), _): return String(Int64(bitPattern: number.bitPattern))
        case let (.utf8(text), _): return text
        case let (.binary(bytes), _): return hex(bytes)
        case let (.decimal128(unscaled), .decimal128(_, scale)): return decimal(unscaled, scale: scale)
        case let (.date32(days), _): return date(days: Int64(days))
        case let (.time64(micros), _): return time(micros: micros)
        case let (.timestamp(micros), .timestampMicroseconds(zone)):
            let days = floorDivide(micros, 86_400_000_000)
            let text = date(days: days) + "T" + time(micros: micros - days * 86_400_000_000)
            return zone == nil ? text : text + "+00:00"
        default: return "a \(value) cell in a \(type) column"
        }
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }

    /// Python's `format(Decimal, "f")`: every digit the scale keeps, zeros for a negative scale.
    static func decimal(_ unscaled: Int128, scale: Int) -> String {
        let sign = unscaled < 0 ? "-" : ""
        var digits = String(unscaled.magnitude)
        guard scale > 0 else {
            return sign + (unscaled == 0 ? "0" : digits + String(repeating: "0", count: -scale))
        }
        if digits.count <= scale {
            digits = String(repeating: "0", count: scale - digits.count + 1) + digits
        }
        return sign + digits.dropLast(scale) + "." + digits.suffix(scale)
    }

    /// ISO 8601 date of a day count since 1970-01-01 (proleptic Gregorian, H. Hinnant's civil_from_days).
    static func date(days: Int64) -> String {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// `HH:MM:SS.ffffff` of microseconds since midnight.
    static func time(micros: Int64) -> String {
        let seconds = micros / 1_000_000
        return "\(padded(seconds / 3600, 2)):\(padded(seconds / 60 % 60, 2)):\(padded(seconds % 60, 2))"
            + ".\(padded(micros % 1_000_000, 6))"
    }

    private static func padded(_ number: Int64, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func floorDivide(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let quotient = dividend / divisor
        return dividend % divisor < 0 ? quotient - 1 : quotient
    }
}
