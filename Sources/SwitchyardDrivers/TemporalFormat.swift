/// Dates, times and timestamps as ISO 8601 text, the same for every engine, whether the engine
/// sends a binary count (PostgreSQL, DuckDB) or text of its own (MariaDB): `YYYY-MM-DD`,
/// `HH:MM:SS[.f…]` and `YYYY-MM-DDTHH:MM:SS[.f…]`. Fractions keep their digits up to the
/// last one that is not zero (`…01.25`, never `…01.250000`) and vanish on a whole second.
/// Years before 1 use astronomical numbering (year 0 is 1 BC, then `-0001`).
public enum TemporalFormat {
    /// `YYYY-MM-DD` for a day count since 1970-01-01 (or since `epochDays` after it).
    public static func date(days: Int64, epochDays: Int64 = 0) -> String {
        ASCIIText.make(capacity: 32) { $0.date(days: days + epochDays) }
    }

    /// A time of day; `units` counts `1 / unitsPerSecond` seconds since midnight (a power of
    /// ten). 24:00:00 prints as such.
    public static func time(_ units: Int64, unitsPerSecond: Int64) -> String {
        ASCIIText.make(capacity: 48) { $0.time(units, unitsPerSecond: unitsPerSecond) }
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f…]`; `units` counts `1 / unitsPerSecond` seconds since the epoch,
    /// 1970-01-01 shifted by `epochDays` (PostgreSQL counts from 2000-01-01). Without a zone.
    public static func timestamp(_ units: Int64, unitsPerSecond: Int64, epochDays: Int64 = 0) -> String {
        ASCIIText.make(capacity: ASCIIText.timestampCapacity) {
            $0.timestamp(units, unitsPerSecond: unitsPerSecond, epochDays: epochDays)
        }
    }

    /// The text a `SQLValue.timestampMicros` stands for: `Z` after it when `utc`.
    public static func timestamp(micros: Int64, utc: Bool) -> String {
        ASCIIText.make(capacity: ASCIIText.timestampCapacity) { $0.timestamp(micros: micros, utc: utc) }
    }

    /// The same text appended to `out`: for the encoders, which write a value's text straight
    /// into their output.
    public static func appendTimestamp(micros: Int64, utc: Bool, to out: inout [UInt8]) {
        ASCIIText.append(capacity: ASCIIText.timestampCapacity, to: &out) { $0.timestamp(micros: micros, utc: utc) }
    }

    /// `±HH:MM`, with `:SS` when the offset has seconds, for a zone `seconds` east of Greenwich.
    public static func offset(secondsEast seconds: Int64) -> String {
        let magnitude = abs(seconds)
        return ASCIIText.make(capacity: 16) { text in
            text.append(UInt8(ascii: seconds < 0 ? "-" : "+"))
            text.append(magnitude / 3600, width: 2)
            text.append(UInt8(ascii: ":"))
            text.append(magnitude / 60 % 60, width: 2)
            guard magnitude % 60 != 0 else { return }
            text.append(UInt8(ascii: ":"))
            text.append(magnitude % 60, width: 2)
        }
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
        ASCIIText.make(capacity: 24) { $0.fraction(units, unitsPerSecond: unitsPerSecond) }
    }
}

/// Builds the short ASCII texts above byte by byte in one buffer: these run for every date
/// and timestamp of every streamed row, where string concatenation cost more than the rest of
/// the row's work.
struct ASCIIText {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    /// Room for any timestamp an Int64 can count, with its fraction and a zone.
    static let timestampCapacity = 80

    /// The text `build` writes, made on the stack first, so that a text of up to 15 bytes (a
    /// date, most times) becomes a `String` that needs no allocation.
    static func make(capacity: Int, _ build: (inout ASCIIText) -> Void) -> String {
        written(capacity: capacity, build) { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the text `build` writes to `out`.
    static func append(capacity: Int, to out: inout [UInt8], _ build: (inout ASCIIText) -> Void) {
        written(capacity: capacity, build) { out.append(contentsOf: $0) }
    }

    /// What `use` makes of the bytes `build` writes into a buffer on the stack.
    private static func written<Result>(
        capacity: Int, _ build: (inout ASCIIText) -> Void, _ use: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var text = ASCIIText(buffer: buffer)
            build(&text)
            return use(UnsafeBufferPointer(rebasing: buffer[..<text.count]))
        }
    }

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func append(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }

    /// `value` (not negative) in decimal, left-padded with zeros to `width` digits.
    mutating func append(_ value: Int64, width: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for any Int64
        var length = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            var rest = value.magnitude
            repeat {
                scratch[length] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                length += 1
            } while rest > 0
            for _ in length..<max(length, width) { append(UInt8(ascii: "0")) }
            for index in stride(from: length - 1, through: 0, by: -1) { append(scratch[index]) }
        }
    }

    mutating func date(days: Int64) {
        let (year, month, day) = CivilCalendar.date(daysSince1970: days)
        if year < 0 { append(UInt8(ascii: "-")) }
        append(abs(year), width: 4)
        append(UInt8(ascii: "-"))
        append(month, width: 2)
        append(UInt8(ascii: "-"))
        append(day, width: 2)
    }

    mutating func timestamp(_ units: Int64, unitsPerSecond: Int64, epochDays: Int64) {
        let (days, remainder) = CivilCalendar.floorDivide(units, 86_400 * unitsPerSecond)
        date(days: days + epochDays)
        append(UInt8(ascii: "T"))
        time(remainder, unitsPerSecond: unitsPerSecond)
    }

    /// A `SQLValue.timestampMicros`: microseconds since 1970, `Z` after it when `utc`.
    mutating func timestamp(micros: Int64, utc: Bool) {
        timestamp(micros, unitsPerSecond: 1_000_000, epochDays: 0)
        if utc { append(UInt8(ascii: "Z")) }
    }

    /// A count of any sign, in decimal.
    mutating func integer(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        append(value, width: 1)
    }

    mutating func time(_ units: Int64, unitsPerSecond: Int64) {
        let seconds = units / unitsPerSecond
        append(seconds / 3600, width: 2)
        append(UInt8(ascii: ":"))
        append(seconds / 60 % 60, width: 2)
        append(UInt8(ascii: ":"))
        append(seconds % 60, width: 2)
        fraction(units % unitsPerSecond, unitsPerSecond: unitsPerSecond)
    }

    /// `.f…` without trailing zeros; nothing for none.
    mutating func fraction(_ units: Int64, unitsPerSecond: Int64) {
        var fraction = abs(units)
        guard fraction != 0 else { return }
        var width = 0
        var scale = unitsPerSecond
        while scale > 1 {
            scale /= 10
            width += 1
        }
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        append(UInt8(ascii: "."))
        append(fraction, width: width)
    }
}
