/// Spells a built-in type with its modifier the way PostgreSQL's `format_type(oid, typmod)`
/// does, so that a query's column over `varchar(20)` is `character varying(20)` just as the
/// system tables list the table's column. Only built-in types carry modifiers we can read; others
/// keep their bare name.
enum TypeModifier {
    static func name(oid: UInt32, typmod: Int32) -> String? {
        if let element = BuiltinTypes.element(ofArray: oid) {
            return name(oid: element, typmod: typmod).map { $0 + "[]" }
        }
        guard let base = BuiltinTypes.scalars[oid]?.name else { return nil }
        guard typmod >= 0 else { return base }
        switch oid {
        case 1043: return "character varying(\(typmod - 4))"
        case 1042: return "character(\(typmod - 4))"
        case 1560: return "bit(\(typmod))"
        case 1562: return "bit varying(\(typmod))"
        case 1700:
            let packed = typmod - 4
            let precision = (packed >> 16) & 0xFFFF
            let scale = ((packed & 0x7FF) ^ 1024) - 1024  // an 11-bit signed scale since PostgreSQL 15
            return "numeric(\(precision),\(scale))"
        case 1083: return "time(\(typmod)) without time zone"
        case 1266: return "time(\(typmod)) with time zone"
        case 1114: return "timestamp(\(typmod)) without time zone"
        case 1184: return "timestamp(\(typmod)) with time zone"
        case 1186: return interval(typmod)
        default: return base
        }
    }

    /// `interval`, its field range (`day to second`) and its precision.
    private static func interval(_ typmod: Int32) -> String {
        let range = (typmod >> 16) & 0x7FFF
        let precision = typmod & 0xFFFF
        let year: Int32 = 1 << 2
        let month: Int32 = 1 << 1
        let day: Int32 = 1 << 3
        let hour: Int32 = 1 << 10
        let minute: Int32 = 1 << 11
        let second: Int32 = 1 << 12
        let fields: [Int32: String] = [
            year: " year", month: " month", day: " day", hour: " hour", minute: " minute",
            second: " second", year | month: " year to month", day | hour: " day to hour",
            day | hour | minute: " day to minute", day | hour | minute | second: " day to second",
            hour | minute: " hour to minute", hour | minute | second: " hour to second",
            minute | second: " minute to second",
        ]
        let rangeText = range == 0x7FFF ? "" : fields[range] ?? ""
        let precisionText = precision == 0xFFFF ? "" : "(\(precision))"
        return "interval" + rangeText + precisionText
    }
}
