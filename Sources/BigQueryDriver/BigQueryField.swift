import HTTPDriverKit
import SwitchyardDrivers

/// A field of a BigQuery schema (a query's result or a table's), with its type under its
/// Standard SQL name whichever spelling the API used (`INTEGER` and `INT64` are one type), so
/// that a column reads the same from a table and from a query.
struct BigQueryField: Sendable, Equatable {
    let name: String
    /// `INT64`, `NUMERIC`, `STRUCT`, …
    let type: String
    let isRepeated: Bool
    /// The members of a `STRUCT`.
    let fields: [BigQueryField]

    init(name: String, type: String, isRepeated: Bool = false, fields: [BigQueryField] = []) {
        self.name = name
        self.type = Self.standardNames[type.uppercased()] ?? type.uppercased()
        self.isRepeated = isRepeated
        self.fields = fields
    }

    init?(_ node: JSONNode) {
        guard let name = node["name"]?.string, let type = node["type"]?.string else { return nil }
        self.init(
            name: name, type: type, isRepeated: node["mode"]?.string == "REPEATED",
            fields: node["fields"]?.array?.compactMap(BigQueryField.init) ?? [])
    }

    /// The fields of a `{"fields": [...]}` schema object.
    static func schema(_ node: JSONNode?) -> [BigQueryField]? {
        node?["fields"]?.array?.compactMap(BigQueryField.init)
    }

    /// The type as BigQuery's Standard SQL writes it: `ARRAY<STRUCT<a STRING, b INT64>>`.
    var typeName: String {
        let element = type == "STRUCT" ? "STRUCT<" + fields.map { "\($0.name) \($0.typeName)" }.joined(separator: ", ") + ">" : type
        return isRepeated ? "ARRAY<\(element)>" : element
    }

    /// This field as a column, and after it each field nested in it (through arrays of structs
    /// too) under its dotted path: `detail`, `detail.session`, `detail.score`.
    func columns(prefix: String = "") -> [ColumnInfo] {
        let path = prefix + name
        return [ColumnInfo(name: path, type: typeName)] + fields.flatMap { $0.columns(prefix: path + ".") }
    }

    private static let standardNames = [
        "INTEGER": "INT64", "FLOAT": "FLOAT64", "BOOLEAN": "BOOL", "RECORD": "STRUCT",
    ]
}
