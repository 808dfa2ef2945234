import Foundation
import SwitchyardDrivers

/// Writes result rows as JSON objects straight into bytes: no intermediate dictionaries, so a
/// stream of millions of rows costs one small buffer per batch.
struct RowJSON {
    private let keys: [[UInt8]]

    init(columns: [ColumnInfo]) {
        keys = columns.map { column in
            var key: [UInt8] = []
            Self.appendString(column.name, to: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    /// Appends `{"column":value,...}` for one row.
    func appendRow(_ row: [SQLValue], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, value) in row.enumerated() where index < keys.count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: keys[index])
            Self.appendValue(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func appendValue(_ value: SQLValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .bigInteger(let digits), .decimal(let digits):
            // Exact numerics keep every digit: JSON numbers have no precision limit of their own.
            if isJSONNumber(digits) { out.append(contentsOf: digits.utf8) } else { appendString(digits, to: &out) }
        case .double(let number):
            if number.isFinite { out.append(contentsOf: "\(number)".utf8) } else { appendString("\(number)", to: &out) }
        case .string(let text), .date(let text), .time(let text), .timestamp(let text): appendString(text, to: &out)
        case .bytes(let bytes): appendString(Data(bytes).base64EncodedString(), to: &out)
        case .json(let text): out.append(contentsOf: text.utf8)
        }
    }

    /// Whether `text` is a number as JSON writes it: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
    /// Checked byte by byte: it runs once per decimal value, millions of times a result.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        var byte = bytes.next()
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        /// Consumes one or more digits; false when there is none.
        func digits() -> Bool {
            guard isDigit(byte) else { return false }
            while isDigit(byte) { byte = bytes.next() }
            return true
        }
        if byte == UInt8(ascii: "-") { byte = bytes.next() }
        if byte == UInt8(ascii: "0") {
            byte = bytes.next()
        } else if !digits() {
            return false
        }
        if byte == UInt8(ascii: ".") {
            byte = bytes.next()
            guard digits() else { return false }
        }
        if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            byte = bytes.next()
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { byte = bytes.next() }
            guard digits() else { return false }
        }
        return byte == nil
    }

    static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
