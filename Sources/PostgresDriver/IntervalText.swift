import SwitchyardDrivers

/// An `interval` as the server prints it in its default style (`IntervalStyle = postgres`):
/// `1 year 2 mons 3 days 04:05:06.5`, `-00:00:01`, `00:00:00`. The binary form keeps months,
/// days and microseconds apart (a month is not a fixed number of days), and so does the text.
enum IntervalText {
    static func text(microseconds: Int64, days: Int32, months: Int32) -> String {
        var parts: [String] = []
        var previousNegative = false
        func add(_ value: Int64, _ unit: String) {
            guard value != 0 else { return }
            let sign = previousNegative && value > 0 ? "+" : ""
            parts.append("\(sign)\(value) \(unit)\(value == 1 ? "" : "s")")
            previousNegative = value < 0
        }
        add(Int64(months / 12), "year")
        add(Int64(months % 12), "mon")
        add(Int64(days), "day")
        if parts.isEmpty || microseconds != 0 {
            let sign = microseconds < 0 ? "-" : previousNegative ? "+" : ""
            let magnitude = microseconds.magnitude
            let seconds = magnitude / 1_000_000
            let clock =
                "\(pad(seconds / 3600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60))"
                + TemporalFormat.fraction(Int64(magnitude % 1_000_000), unitsPerSecond: 1_000_000)
            parts.append(sign + clock)
        }
        return parts.joined(separator: " ")
    }

    private static func pad(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
