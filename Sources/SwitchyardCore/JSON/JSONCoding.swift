import Foundation

/// Converts between typed values and `JSONValue` trees through JSON itself, so that a tree is
/// decoded by exactly the same rules as a request body.
enum JSONCoding {
    static func tree(of value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from tree: JSONValue) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: JSONEncoder().encode(tree))
        } catch let error as DecodingError {
            throw SwitchyardError(error)
        }
    }

    static func string(of value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
