import HTTPDriverKit
import SwitchyardDrivers

/// A result column as Snowflake's `rowtype` describes it. Its `kind` and `scale` decide how a
/// value is read, whichever form the rows arrived in (Arrow or JSON).
struct SnowflakeColumn: Sendable, Equatable {
    let name: String
    let kind: Kind
    /// Snowflake's own lower-case name of the type (`fixed`, `timestamp_tz`, …).
    let typeText: String
    /// Digits after the point (`fixed`), or of the second's fraction (times, timestamps).
    let scale: Int
    let precision: Int?

    init?(_ node: JSONNode) {
        guard let name = node["name"]?.string, let kind = node["type"]?.string else { return nil }
        self.name = name
        typeText = kind.lowercased()
        self.kind = Kind(rawValue: typeText) ?? .other
        scale = node["scale"]?.integer ?? 0
        precision = node["precision"]?.integer
    }

    /// The type as Snowflake's `information_schema.columns.data_type` names it, so that a
    /// column reads the same from a table and from a query.
    var typeName: String {
        switch kind {
        case .fixed: "NUMBER"
        case .real: "FLOAT"
        default: typeText.uppercased()
        }
    }

    /// The types as `rowtype` names them; decided once per column, not per value.
    enum Kind: String, Sendable {
        case fixed, real, text, boolean, date, time, binary, variant, object, array, other
        case timestampNTZ = "timestamp_ntz", timestampLTZ = "timestamp_ltz", timestampTZ = "timestamp_tz"
    }

    var info: ColumnInfo { ColumnInfo(name: name, type: typeName) }

    /// 10^scale, the units per second of times and timestamps (scale 0…9).
    var unitsPerSecond: Int64 {
        var units: Int64 = 1
        for _ in 0..<min(max(scale, 0), 9) { units *= 10 }
        return units
    }
}
