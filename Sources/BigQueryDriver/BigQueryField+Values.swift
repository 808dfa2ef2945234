import Foundation
import HTTPDriverKit
import SwitchyardDrivers

/// How a result cell (`{"v": …}`) becomes a `SQLValue`: BigQuery writes every scalar as a
/// string, so INT64 and NUMERIC keep their digits; BYTES arrive in base64; TIMESTAMP as
/// microseconds since the epoch (`formatOptions.useInt64Timestamp`), written as ISO 8601 UTC;
/// arrays and structs become JSON whose members are written the same way as top-level values.
extension BigQueryField {
    func value(of cell: JSONNode) -> SQLValue {
        if case .null = cell { return isRepeated ? .json("[]") : .null }
        if isRepeated {
            let items = cell.array ?? []
            return .json("[" + items.map { JSONWriter.text(of: element(of: $0["v"] ?? .null)) }.joined(separator: ",") + "]")
        }
        return element(of: cell)
    }

    /// One value of this field's type, ignoring the repetition.
    private func element(of cell: JSONNode) -> SQLValue {
        if type == "STRUCT" {
            guard let cells = cell["f"]?.array else { return .null }
            let members = zip(fields, cells).map { field, cell in
                JSONWriter.quoted(field.name) + ":" + JSONWriter.text(of: field.value(of: cell["v"] ?? .null))
            }
            return .json("{" + members.joined(separator: ",") + "}")
        }
        guard let text = cell.string else { return cell == .null ? .null : .json(cell.text) }
        return scalar(text)
    }

    private func scalar(_ text: String) -> SQLValue {
        switch type {
        case "INT64": Int64(text).map(SQLValue.integer) ?? .bigInteger(text)
        case "NUMERIC", "BIGNUMERIC": .decimal(Self.withoutTrailingZeros(text))
        case "FLOAT64": Double(text).map(NumberFormat.double) ?? .string(text)
        case "BOOL": .bool(text == "true")
        case "BYTES": Data(base64Encoded: text).map { SQLValue.bytes([UInt8]($0)) } ?? .string(text)
        case "DATE": .date(text)
        case "TIME": .time(TemporalFormat.normalized(text))
        case "DATETIME": .timestamp(TemporalFormat.normalized(text))
        case "TIMESTAMP": Self.timestamp(text)
        case "JSON": .json(text)
        default: .string(text)
        }
    }

    /// `12345678.910000000` as `12345678.91`: some servers pad NUMERIC to its nine places.
    static func withoutTrailingZeros(_ text: String) -> String {
        guard text.contains("."), !text.contains("e"), !text.contains("E") else { return text }
        var digits = Substring(text)
        while digits.last == "0" { digits.removeLast() }
        if digits.last == "." { digits.removeLast() }
        return String(digits)
    }

    /// Microseconds since the epoch; older answers write seconds as a float (`1.7E9`).
    private static func timestamp(_ text: String) -> SQLValue {
        if let micros = Int64(text) {
            return .timestamp(TemporalFormat.timestamp(micros, unitsPerSecond: 1_000_000) + "Z")
        }
        if let seconds = Decimal(string: text) {
            let micros = NSDecimalNumber(decimal: seconds * 1_000_000).int64Value
            return .timestamp(TemporalFormat.timestamp(micros, unitsPerSecond: 1_000_000) + "Z")
        }
        return .string(text)
    }
}
