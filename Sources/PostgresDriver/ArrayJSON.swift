import PostgresNIO
import SwitchyardDrivers

extension ValueReader {
    /// A binary array as JSON: nested arrays for each dimension, elements as JSON values
    /// (numbers stay numbers, text and dates become strings, json is embedded as is).
    ///
    /// Layout: dimension count, has-nulls flag, element OID; per dimension its length and lower
    /// bound; then each element as a 32-bit length (-1 for NULL) and its bytes. Lower bounds
    /// are dropped: JSON arrays start at the first element whatever PostgreSQL numbers it.
    func arrayJSON(_ buffer: inout ByteBuffer) -> String? {
        guard let (dimensions, _, elementOID) = buffer.readMultipleIntegers(as: (Int32, Int32, UInt32).self),
            (0...6).contains(dimensions)
        else { return nil }
        var lengths: [Int] = []
        for _ in 0..<dimensions {
            guard let (length, _) = buffer.readMultipleIntegers(as: (Int32, Int32).self), length >= 0 else {
                return nil
            }
            lengths.append(Int(length))
        }
        guard !lengths.isEmpty else { return "[]" }
        let kind = type(elementOID)?.kind ?? .unsupported
        var output = ""
        let complete = writeDimension(
            0,
            lengths: lengths,
            buffer: &buffer,
            element: (kind, elementOID),
            into: &output
        )
        return complete ? output : nil
    }

    private func writeDimension(
        _ dimension: Int,
        lengths: [Int],
        buffer: inout ByteBuffer,
        element: (kind: ValueKind, oid: UInt32),
        into output: inout String
    ) -> Bool {
        output += "["
        for index in 0..<lengths[dimension] {
            if index > 0 { output += "," }
            if dimension + 1 < lengths.count {
                guard writeDimension(dimension + 1, lengths: lengths, buffer: &buffer, element: element, into: &output)
                else { return false }
                continue
            }
            guard let length = buffer.readInteger(as: Int32.self) else { return false }
            guard length >= 0 else {
                output += "null"
                continue
            }
            guard var cell = buffer.readSlice(length: Int(length)) else { return false }
            let value =
                read(&cell, kind: element.kind, oid: element.oid)
                ?? .string("[unreadable \(typeName(element.oid)) value]")
            output += value.jsonText
        }
        output += "]"
        return true
    }
}

extension SQLValue {
    /// The value as a JSON value, for array elements.
    var jsonText: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .bigInteger(let text), .decimal(let text): text
        case .double(let value): value.isFinite ? "\(value)" : JSONText.quoted("\(value)")
        case .string(let text), .date(let text), .time(let text), .timestamp(let text): JSONText.quoted(text)
        case .bytes(let bytes): JSONText.quoted("\\x" + bytes.map(NetworkText.hex).joined())
        case .json(let text): text
        }
    }
}

/// JSON string literals.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
