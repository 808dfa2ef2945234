import HTTPDriverKit
import SwitchyardDrivers

/// A result column as Trino describes it: the name, the type as Trino spells it (`varchar(5)`,
/// `decimal(10,2)`), and the decoded signature that reads its values.
struct TrinoColumn: Sendable, Equatable {
    let name: String
    let typeName: String
    let type: TrinoType

    init(name: String, typeName: String, type: TrinoType) {
        self.name = name
        self.typeName = typeName
        self.type = type
    }

    /// One member of a page's `columns`.
    init?(_ node: JSONNode) {
        guard let name = node["name"]?.string else { return nil }
        self.init(name: name, typeName: node["type"]?.string ?? "unknown", type: TrinoType(signature: node["typeSignature"]))
    }

    var info: ColumnInfo { ColumnInfo(name: name, type: typeName) }
}
