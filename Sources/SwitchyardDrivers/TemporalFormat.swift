/// Dates, times and timestamps as ISO 8601 text, the same for every engine, whether the engine
/// sends a binary count (PostgreSQL, DuckDB) or text of its own (MariaDB): `YYYY-MM-DD`,
/// `HH:MM:SS[.f…]` and `YYYY-MM-DDTHH:MM:SS[.f…]`. Fractions keep their digits up to the
/// last one that is not zero (`…01.25`, never `…01.250000`) and vanish on a whole second.
/// Years before 1 use astronomical numbering (year 0 is 1 BC, then `-0001`).
public enum TemporalFormat {
    /// `YYYY-MM-DD` for a day count since 1970-01-01 (or since `epochDays` after it).
    public static func date(days: Int64, epochDays: Int64 = 0) -> String {
        let (year, month, day) = CivilCalendar.date(daysSince1970: days + epochDays)
        let yearText = (year < 0 ? "-" : "") + pad(abs(year), 4)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// A time of day; `units` counts `1 / unitsPerSecond` seconds since midnight (a power of
    /// ten). 24:00:00 prints as such.
    public static func time(_ units: Int64, unitsPerSecond: Int64) -> String {
        let seconds = units / unitsPerSecond
        let text = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        return text + fraction(units % unitsPerSecond, unitsPerSecond: unitsPerSecond)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f…]`; `units` counts `1 / unitsPerSecond` seconds since the epoch,
    /// 1970-01-01 shifted by `epochDays` (PostgreSQL counts from 2000-01-01). Without a zone.
    public static func timestamp(_ units: Int64, unitsPerSecond: Int64, epochDays: Int64 = 0) -> String {
        let (days, remainder) = CivilCalendar.floorDivide(units, 86_400 * unitsPerSecond)
        return date(days: days, epochDays: epochDays) + "T" + time(remainder, unitsPerSecond: unitsPerSecond)
    }

    /// `±HH:MM`, with `:SS` when the offset has seconds, for a zone `seconds` east of Greenwich.
    public static func offset(secondsEast seconds: Int64) -> String {
        let magnitude = abs(seconds)
        let tail = magnitude % 60 == 0 ? "" : ":" + pad(magnitude % 60, 2)
        return (seconds < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude / 60 % 60, 2) + tail
    }

    /// An engine's own `YYYY-MM-DD HH:MM:SS[.ffffff]` (or time) text in this form: `T` between
    /// date and time, and the fraction's trailing zeros dropped.
    public static func normalized(_ text: String) -> String {
        var result = Substring(text)
        if let dot = result.lastIndex(of: "."), result[result.index(after: dot)...].allSatisfy(\.isNumber) {
            while result.last == "0" { result.removeLast() }
            if result.last == "." { result.removeLast() }
        }
        guard let space = result.firstIndex(of: " ") else { return String(result) }
        return result[..<space] + "T" + result[result.index(after: space)...]
    }

    /// `.f…` for `units` of `1 / unitsPerSecond` second, without trailing zeros; "" for none.
    public static func fraction(_ units: Int64, unitsPerSecond: Int64) -> String {
        guard units != 0 else { return "" }
        var digits = pad(abs(units), String(unitsPerSecond).count - 1)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
