import Foundation
import HTTPDriverKit
import SwitchyardDrivers

/// How Trino's JSON encoding of each type becomes a `SQLValue`: numbers keep their digits,
/// decimals stay exact text, `NaN`/`Infinity` strings become doubles, varbinary's base64 becomes
/// bytes, timestamps become ISO 8601, and nested values (array, map, row) become JSON text
/// whose elements are written the same way as top-level values.
extension TrinoType {
    func value(of node: JSONNode) -> SQLValue {
        if case .null = node { return .null }
        switch (self, node) {
        case (.boolean, .bool(let flag)): return .bool(flag)
        case (.integer, .number(let digits)):
            return Int64(digits).map(SQLValue.integer) ?? .bigInteger(digits)
        case (.floating, .number(let digits)), (.floating, .string(let digits)):
            return Double(digits).map(NumberFormat.double) ?? .string(digits)
        case (.decimal, .string(let digits)), (.decimal, .number(let digits)): return .decimal(digits)
        case (.json, .string(let text)): return .json(text)
        case (.date, .string(let text)): return .date(text)
        case (.time, .string(let text)): return .time(TemporalFormat.normalized(text))
        case (.timestamp, .string(let text)): return .timestamp(TemporalFormat.normalized(text))
        case (.timestampWithTimeZone, .string(let text)):
            return TemporalText.isoWithZone(text).map(SQLValue.timestamp) ?? .string(text)
        case (.binary, .string(let text)):
            return Data(base64Encoded: text).map { SQLValue.bytes([UInt8]($0)) } ?? .string(text)
        case (.array(let element), .array(let items)):
            return .json("[" + items.map { JSONWriter.text(of: element.value(of: $0)) }.joined(separator: ",") + "]")
        case (.map(_, let valueType), .object(let entries)):
            return .json(object(entries.map { ($0.key, valueType.value(of: $0.value)) }))
        case (.row(let fields), .array(let items)) where fields.count == items.count:
            return .json(object(zip(fields, items).map { ($0.name, $0.type.value(of: $1)) }))
        case (_, .string(let text)): return .string(text)
        default: return .json(node.text)
        }
    }

    private func object(_ members: [(String, SQLValue)]) -> String {
        "{" + members.map { JSONWriter.quoted($0) + ":" + JSONWriter.text(of: $1) }.joined(separator: ",") + "}"
    }
}
