import SwitchyardDrivers

/// A JSON value from a service, with numbers kept as the text the service wrote: a `bigint` such
/// as 9007199254740993 must reach the client digit for digit, which a `Double` cannot promise.
public enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as received.
    case number(String)
    case string(String)
    case array([JSONNode])
    /// Members in the order the service wrote them (a map's entries keep their order).
    case object([Member])

    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSONNode

        public init(key: String, value: JSONNode) {
            self.key = key
            self.value = value
        }
    }

    /// The first member named `key`; objects here have a handful of members, so a scan is
    /// cheaper than hashing.
    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A number, or a string of digits (Google's APIs write 64-bit integers as strings).
    public var integer: Int? {
        switch self {
        case .number(let digits), .string(let digits): Int(digits)
        default: nil
        }
    }

    public var array: [JSONNode]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// Written back as JSON text, for values of types Switchyard does not know (they are
    /// passed on as the service sent them).
    public var text: String {
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
