import Foundation
import SwitchyardDrivers

/// Nested values as JSON text, built from the vectors directly so that any statement works
/// (nothing is rewritten into `to_json`). Elements are written as their `SQLValue` would be:
/// numbers as numbers (decimals exactly), dates and times as the same ISO text, blobs as base64,
/// JSON as is; maps become objects keyed by the key's text; a union becomes `{"member": value}`.
extension VectorReader {
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
                output += JSONWriter.quoted(field.name) + ":"
                field.reader.writeJSON(view.children[index], row, into: &output)
            }
            output += "}"
        case .map(let key, let value):
            let entries = view.children[0]
            output += "{"
            for (position, entry) in view.listEntry(row).enumerated() {
                if position > 0 { output += "," }
                output += JSONWriter.quoted(key.keyText(entries.children[0], entry)) + ":"
                value.writeJSON(entries.children[1], entry, into: &output)
            }
            output += "}"
        case .union(let members):
            let tag = Int(VectorReader.unsigned(view.children[0].data!, row, 1))
            guard tag < members.count else { return output += "null" }
            output += "{" + JSONWriter.quoted(members[tag].name) + ":"
            members[tag].reader.writeJSON(view.children[tag + 1], row, into: &output)
            output += "}"
        default:
            output += JSONWriter.text(of: value(view, row))
        }
    }

    private func writeArray(_ element: VectorReader, _ child: VectorView, _ rows: Range<Int>, into output: inout String) {
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
        case .timestampMicros(let micros, let utc):
            TemporalFormat.timestamp(micros: micros, utc: utc)
        case let other:
            JSONWriter.text(of: other)
        }
    }
}
