import Foundation

/// Converts between typed values and `JSONValue` trees, directly (`JSONValueEncoder`,
/// `JSONValueDecoder`: the rules and errors of `JSONEncoder` and `JSONDecoder`), and to and
/// from JSON text.
enum JSONCoding {
    static func tree(of value: some Encodable) throws -> JSONValue {
        try JSONValueEncoder().encode(value)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from tree: JSONValue) throws -> Value {
        do {
            return try JSONValueDecoder().decode(type, from: tree)
        } catch let error as DecodingError {
            throw SwitchyardError(error)
        }
    }

    static func string(of value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
