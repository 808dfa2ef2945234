import Foundation
import SwitchyardDrivers

/// RFC 4180 CSV: a header row of the column names, CRLF line ends, a field quoted when it holds
/// a comma, a quote or a line break (quotes doubled). NULL is an empty field, bytes are base64,
/// numbers keep every digit, nested values are their JSON text.
struct CSVEncoding: ResultEncoding {
    private let header: [UInt8]
    private var headerWritten = false

    init(columns: [ColumnInfo]) {
        var header: [UInt8] = []
        for (index, column) in columns.enumerated() {
            if index > 0 { header.append(UInt8(ascii: ",")) }
            Self.appendField(column.name, to: &header)
        }
        header.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        self.header = header
    }

    mutating func append(_ batch: [[SQLValue]], to out: inout [UInt8]) {
        writeHeader(to: &out)
        for row in batch {
            for index in row.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.append(row[index], to: &out)
            }
            out.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
        }
    }

    mutating func finish(to out: inout [UInt8]) { writeHeader(to: &out) }

    func failure(_ message: String) -> [UInt8]? { nil }

    private mutating func writeHeader(to out: inout [UInt8]) {
        guard !headerWritten else { return }
        headerWritten = true
        out.append(contentsOf: header)
    }

    private static func append(_ value: borrowing SQLValue, to out: inout [UInt8]) {
        switch value {
        case .null: break
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): JSONWriter.appendInteger(number, to: &out)
        case .double(let number): JSONWriter.appendDouble(number, to: &out)
        case .bigInteger(let text), .decimal(let text), .string(let text), .date(let text), .time(let text),
            .timestamp(let text), .json(let text):
            appendField(text, to: &out)
        case .timestampMicros(let micros, let utc):
            TemporalFormat.appendTimestamp(micros: micros, utc: utc, to: &out)
        case .bytes(let bytes): out.append(contentsOf: Data(bytes).base64EncodedString().utf8)
        }
    }

    private static func appendField(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendField($0, to: &out) }
    }

    private static func appendField(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        guard text.contains(where: { $0 == UInt8(ascii: ",") || $0 == quote || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) else {
            out.append(contentsOf: text)
            return
        }
        out.append(quote)
        for byte in text {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }
}
