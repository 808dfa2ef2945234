import SwitchyardDrivers
/// Dates and times as ISO 8601 text, from DuckDB's integer encodings (days, or sub-second units,
/// since 1970-01-01 in the proleptic Gregorian calendar). Fractions keep only the digits that
/// are not trailing zeros, as DuckDB prints them; years before 1 use astronomical numbering.
enum TemporalText {
    /// DuckDB's encodings of ±infinity for DATE (32-bit) and TIMESTAMP (64-bit).
    private static let infiniteDate = Int64(Int32.max)
    private static let infiniteTimestamp = Int64.max

    static func date(days: Int64) -> String {
        if days == infiniteDate { return "infinity" }
        if days == -infiniteDate { return "-infinity" }
        let (year, month, day) = CivilCalendar.date(daysSince1970: days)
        let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// A time of day; `value` counts `1 / unitsPerSecond` seconds since midnight.
    static func time(_ value: Int64, unitsPerSecond: Int64, digits: Int) -> String {
        let seconds = value / unitsPerSecond
        let text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        return text + fraction(value % unitsPerSecond, digits: digits)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff]`, with `Z` when the value is an instant (TIMESTAMPTZ is UTC).
    static func timestamp(_ value: Int64, unitsPerSecond: Int64, digits: Int, zone: Bool) -> String {
        if value == infiniteTimestamp { return "infinity" }
        if value == -infiniteTimestamp { return "-infinity" }
        let perDay = 86_400 * unitsPerSecond
        let (days, remainder) = CivilCalendar.floorDivide(value, perDay)
        return date(days: days) + "T" + time(remainder, unitsPerSecond: unitsPerSecond, digits: digits) + (zone ? "Z" : "")
    }

    private static func fraction(_ units: Int64, digits: Int) -> String {
        guard units != 0 else { return "" }
        var text = pad(units, digits)
        while text.hasSuffix("0") { text.removeLast() }
        return "." + text
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
