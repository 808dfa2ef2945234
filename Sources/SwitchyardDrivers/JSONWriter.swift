import Foundation

/// How result values are written as JSON, in one place for every engine and for the server:
/// exact numerics digit for digit, non-finite doubles as strings (JSON has no NaN), bytes as
/// base64, and JSON the database produced embedded as is. Writes bytes, not dictionaries, so
/// a stream of millions of values costs no more than its output.
public enum JSONWriter {
    public static func append(_ value: borrowing SQLValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): appendInteger(number, to: &out)
        case .bigInteger(let digits), .decimal(let digits):
            if isNumber(digits) { appendUTF8(digits, to: &out) } else { appendString(digits, to: &out) }
        case .double(let number):
            if number.isFinite { appendDouble(number, to: &out) } else { appendString("\(number)", to: &out) }
        case .string(let text), .date(let text), .time(let text), .timestamp(let text): appendString(text, to: &out)
        case .timestampMicros(let micros, let utc):
            out.append(UInt8(ascii: "\""))
            TemporalFormat.appendTimestamp(micros: micros, utc: utc, to: &out)
            out.append(UInt8(ascii: "\""))
        case .bytes(let bytes): appendString(Data(bytes).base64EncodedString(), to: &out)
        case .json(let text): appendUTF8(text, to: &out)
        }
    }

    /// Appends `text` as a JSON string literal. Text with nothing to escape, as most is, is
    /// copied in one piece.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            if bytes.contains(where: needsEscape) {
                appendEscaped(bytes, to: &out)
            } else {
                out.append(contentsOf: bytes)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A byte that cannot stand for itself inside a JSON string.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0xF))
            default: out.append(byte)
            }
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    /// Appends `text`'s UTF-8 bytes as they are, in one copy.
    public static func appendUTF8(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends Swift's shortest text that reads back as `number` (its `description`), straight
    /// into `out`: `Double.write(to:)` hands a text stream its ASCII bytes (`_writeASCII`), which
    /// saves the `String` that `description` makes, about half of what a value costs.
    public static func appendDouble(_ number: Double, to out: inout [UInt8]) {
        var sink = ByteSink()
        swap(&sink.bytes, &out)
        number.write(to: &sink)
        swap(&sink.bytes, &out)
    }

    /// A text stream into a byte buffer.
    private struct ByteSink: TextOutputStream {
        var bytes: [UInt8] = []

        mutating func write(_ text: String) { JSONWriter.appendUTF8(text, to: &bytes) }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }
    }

    /// Appends the decimal digits of `number`, written on the stack: no `String` per value.
    public static func appendInteger(_ number: Int64, to out: inout [UInt8]) {
        ASCIIText.append(capacity: 20, to: &out) { $0.integer(number) }
    }

    /// `value` as JSON text, for values nested in other JSON (lists, structs, arrays).
    public static func text(of value: SQLValue) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` is a number as JSON writes it: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
    /// Checked byte by byte: it runs once per decimal value, millions of times a result.
    public static func isNumber(_ text: String) -> Bool {
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
}
