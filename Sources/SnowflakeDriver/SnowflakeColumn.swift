import HTTPDriverKit
import SwitchyardDrivers

/// A result column as Snowflake's `rowtype` describes it. Its `kind` and `scale` decide how a
/// value is read, whichever form the rows arrived in (Arrow or JSON).
struct SnowflakeColumn: Sendable, Equatable {
    let name: String
    /// Snowflake's lower-case type: `fixed`, `real`, `text`, `timestamp_tz`, …
    let kind: String
    /// Digits after the point (`fixed`), or of the second's fraction (times, timestamps).
    let scale: Int
    let precision: Int?

    init?(_ node: JSONNode) {
        guard let name = node["name"]?.string, let kind = node["type"]?.string else { return nil }
        self.name = name
        self.kind = kind.lowercased()
        scale = node["scale"]?.integer ?? 0
        precision = node["precision"]?.integer
    }

    /// The type as Snowflake's `information_schema.columns.data_type` names it, so that a
    /// column reads the same from a table and from a query.
    var typeName: String {
        switch kind {
        case "fixed": "NUMBER"
        case "real": "FLOAT"
        default: kind.uppercased()
        }
    }

    var info: ColumnInfo { ColumnInfo(name: name, type: typeName) }

    /// 10^scale, the units per second of times and timestamps (scale 0…9).
    var unitsPerSecond: Int64 {
        var units: Int64 = 1
        for _ in 0..<min(max(scale, 0), 9) { units *= 10 }
        return units
    }
}
