import SwitchyardDrivers
/// Dates and times from PostgreSQL's binary form (days or microseconds since 2000-01-01, UTC)
/// as ISO 8601 text. Fractions print as the server prints them: up to six digits, trailing
/// zeros dropped. Years before 1 AD use the ISO convention (year 0 is 1 BC, then `-0001`).
enum TemporalText {
    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// `YYYY-MM-DD` for days since 2000-01-01.
    static func date(days: Int64) -> String {
        let (year, month, day) = CivilCalendar.date(daysSince1970: days + 10_957)
        return "\(yearText(year))-\(two(month))-\(two(day))"
    }

    /// `HH:MM:SS[.ffffff]` for microseconds since midnight (24:00:00 is a valid time).
    static func time(microseconds: Int64) -> String {
        let seconds = microseconds / 1_000_000
        let hours = seconds / 3600
        let minutes = seconds / 60 % 60
        return "\(two(hours)):\(two(minutes)):\(two(seconds % 60))" + fraction(microseconds % 1_000_000)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]` for microseconds since 2000-01-01 00:00:00.
    static func timestamp(microseconds: Int64) -> String {
        let (days, remainder) = CivilCalendar.floorDivide(microseconds, microsecondsPerDay)
        return date(days: days) + "T" + time(microseconds: remainder)
    }

    /// `±HH:MM` for PostgreSQL's zone field, which counts seconds west of Greenwich.
    static func offset(secondsWest: Int32) -> String {
        let east = -Int64(secondsWest)
        let magnitude = abs(east)
        let seconds = magnitude % 60 == 0 ? "" : ":" + two(magnitude % 60)
        return (east < 0 ? "-" : "+") + two(magnitude / 3600) + ":" + two(magnitude / 60 % 60) + seconds
    }

    /// `.ffffff` without trailing zeros, or nothing for a whole second.
    static func fraction(_ microseconds: Int64) -> String {
        guard microseconds != 0 else { return "" }
        var digits = String(abs(microseconds))
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }


    private static func yearText(_ year: Int64) -> String {
        let digits = String(abs(year))
        return (year < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
