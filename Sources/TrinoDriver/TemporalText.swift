import Foundation
import SwitchyardDrivers

/// Trino's timestamps (`2024-02-29 13:45:30.123`, with ` UTC`, ` +05:30` or a region such as
/// ` America/New_York` when the type has a zone) as ISO 8601 with `Z` or a numeric offset.
/// Fractions are written as every engine's are: their digits up to picoseconds, trailing zeros
/// dropped (`TemporalFormat.normalized`).
enum TemporalText {
    /// The same with the zone as `Z` or `±HH:MM`; nil when the zone is not one this server's
    /// time zone database knows.
    static func isoWithZone(_ text: String) -> String? {
        let parts = text.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3 else { return nil }
        let local = TemporalFormat.normalized(parts[0] + " " + parts[1])
        let zone = parts[2]
        if ["UTC", "Z", "GMT", "UT", "Etc/UTC", "Etc/GMT", "Zulu"].contains(zone) { return local + "Z" }
        if let first = zone.first, first == "+" || first == "-" { return local + zone }
        guard let offset = offsetSeconds(date: parts[0], time: parts[1], zone: zone) else { return nil }
        return local + (offset == 0 ? "Z" : TemporalFormat.offset(secondsEast: Int64(offset)))
    }

    /// The zone's offset from UTC at that local date and time.
    private static func offsetSeconds(date: String, time: String, zone name: String) -> Int? {
        guard let zone = TimeZone(identifier: name) else { return nil }
        let day = date.split(separator: "-").compactMap { Int($0) }
        let clock = time.split(separator: ":").map { Int($0.prefix { $0 != "." }) }
        guard day.count == 3, clock.count == 3, let hour = clock[0], let minute = clock[1], let second = clock[2] else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day[0], month: day[1], day: day[2], hour: hour, minute: minute, second: second)
        guard let instant = calendar.date(from: components) else { return nil }
        return zone.secondsFromGMT(for: instant)
    }
}
