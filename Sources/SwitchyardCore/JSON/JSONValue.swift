/// A JSON document kept as it was sent: it tells a field that is absent from one that is
/// `null`, which PATCH needs and generated types cannot express.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The members when this is an object.
    public var object: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }
}

/// A JSON object's members by name.
public typealias JSONObject = [String: JSONValue]

extension JSONValue: Codable {
    /// Each kind is tried in turn, and a miss costs a thrown `DecodingError` with its coding
    /// path and message. Strings come first, being most of what configurations hold, then
    /// numbers; a JSON value decodes as exactly one of these kinds, so the order changes only
    /// the cost (a PATCH decodes its body and the stored configuration's tree this way).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(JSONObject.self) {
            self = .object(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
