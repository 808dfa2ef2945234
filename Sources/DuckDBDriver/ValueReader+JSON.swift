import Foundation
import SwitchyardDrivers

/// Nested values as JSON text, built from the vectors directly so that any statement works
/// (nothing is rewritten into `to_json`). Elements are written as their `SQLValue` would be:
/// numbers as numbers (decimals exactly), dates and times as the same ISO text, blobs as base64,
/// JSON as is; maps become objects keyed by the key's text; a union becomes `{"member": value}`.
extension ValueReader {
    func json(_ view: VectorView, _ row: Int) -> String {
        var output = ""
        writeJSON(view, row, into: &output)
        return output
    }

    private func writeJSON(_ view: VectorView, _ row: Int, into output: inout String) {
        guard view.isValid(row) else { return output += "null" }
        switch self {
        case .list(let element):
            writeArray(element, view.children[0], view.listEntry(row), into: &output)
        case .array(let element, let size):
            writeArray(element, view.children[0], (row * size)..<(row * size + size), into: &output)
        case .structure(let fields):
            output += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { output += "," }
                output += JSONText.string(field.name) + ":"
                field.reader.writeJSON(view.children[index], row, into: &output)
            }
            output += "}"
        case .map(let key, let value):
            let entries = view.children[0]
            output += "{"
            for (position, entry) in view.listEntry(row).enumerated() {
                if position > 0 { output += "," }
                output += JSONText.string(key.keyText(entries.children[0], entry)) + ":"
                value.writeJSON(entries.children[1], entry, into: &output)
            }
            output += "}"
        case .union(let members):
            let tag = Int(ValueReader.unsigned(view.children[0].data!, row, 1))
            guard tag < members.count else { return output += "null" }
            output += "{" + JSONText.string(members[tag].name) + ":"
            members[tag].reader.writeJSON(view.children[tag + 1], row, into: &output)
            output += "}"
        default:
            output += JSONText.value(value(view, row))
        }
    }

    private func writeArray(_ element: ValueReader, _ child: VectorView, _ rows: Range<Int>, into output: inout String) {
        output += "["
        for row in rows {
            if row > rows.lowerBound { output += "," }
            element.writeJSON(child, row, into: &output)
        }
        output += "]"
    }

    /// A map key as an object key: text as is, anything else as its JSON text.
    private func keyText(_ view: VectorView, _ row: Int) -> String {
        switch value(view, row) {
        case .string(let text), .date(let text), .time(let text), .timestamp(let text), .decimal(let text), .bigInteger(let text):
            text
        case let other:
            JSONText.value(other)
        }
    }
}

/// JSON spellings of single values.
enum JSONText {
    static func value(_ value: SQLValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .bigInteger(let digits), .decimal(let digits): digits
        // JSON has no NaN or infinities; they are written as strings rather than lost.
        case .double(let number): number.isFinite ? "\(number)" : string("\(number)")
        case .string(let text), .date(let text), .time(let text), .timestamp(let text): string(text)
        case .bytes(let bytes): string(Data(bytes).base64EncodedString())
        case .json(let text): text
        }
    }

    static func string(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
