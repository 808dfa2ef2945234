import SwitchyardDrivers

/// A JSON value from Trino, with numbers kept as the text Trino wrote: a `bigint` such as
/// 9007199254740993 must reach the client digit for digit, which a `Double` cannot promise.
enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as received.
    case number(String)
    case string(String)
    case array([JSONNode])
    /// Members in the order Trino wrote them (a map's entries keep their order).
    case object([Member])

    struct Member: Sendable, Equatable {
        let key: String
        let value: JSONNode
    }

    /// The first member named `key`; objects here have a handful of members, so a scan is
    /// cheaper than hashing.
    subscript(key: String) -> JSONNode? {
        if case .object(let members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var array: [JSONNode]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Written back as JSON text, for values of types Switchyard does not know (they are
    /// passed on as Trino sent them).
    var text: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let digits): digits
        case .string(let text): JSONWriter.quoted(text)
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.map { JSONWriter.quoted($0.key) + ":" + $0.value.text }.joined(separator: ",") + "}"
        }
    }
}
