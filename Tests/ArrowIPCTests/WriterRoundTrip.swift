import ArrowIPC
import Testing

/// Writes rows as a whole stream and reads them back with ``ArrowStreamReader``, comparing
/// the schema and every cell with what was written.
enum WriterRoundTrip {
    /// Schema message, one message per batch, end marker.
    static func stream(_ writer: ArrowStreamWriter, _ batches: [[[ArrowWriteValue]]]) throws -> [UInt8] {
        var stream = writer.schemaMessage()
        for rows in batches {
            stream += try writer.recordBatch(rows: rows)
        }
        return stream + ArrowStreamWriter.endOfStream
    }

    static func check(fields: [ArrowWriteField], batches: [[[ArrowWriteValue]]]) throws {
        let writer = try ArrowStreamWriter(fields: fields)
        var reader = try ArrowStreamReader(stream(writer, batches))
        #expect(reader.schema.fields.map(\.name) == fields.map(\.name))
        #expect(reader.schema.fields.map(\.type) == fields.map { readType($0.type) })
        #expect(reader.schema.fields.map(\.nullable) == fields.map(\.nullable))
        for (index, rows) in batches.enumerated() {
            let batch = try #require(try reader.nextBatch(), "batch \(index)")
            #expect(batch.length == rows.count)
            for (column, field) in fields.enumerated() {
                let values = rows.map { $0[column] }
                check(batch.columns[column], against: values, path: "batch \(index), \(field.name)")
            }
        }
        #expect(try reader.nextBatch() == nil, "no batch after the last one written")
    }

    /// The type the reader should see for a written type.
    static func readType(_ type: ArrowWriteType) -> ArrowType {
        switch type {
        case .bool: .bool
        case .int64: .int(bitWidth: 64, signed: true)
        case .float64: .floatingPoint(.double)
        case .utf8: .utf8
        case .binary: .binary
        case let .decimal128(precision, scale): .decimal(precision: precision, scale: scale, bitWidth: 128)
        case .date32: .date(.day)
        case .time64Microseconds: .time(.microsecond, bitWidth: 64)
        case let .timestampMicroseconds(zone): .timestamp(.microsecond, timezone: zone)
        }
    }

    /// A cell as written or read back, in a form that compares exactly (a double by its bits).
    enum Cell: Equatable {
        case null
        case bool(Bool)
        case integer(Int64)
        case bits(UInt64)
        case bytes([UInt8])
        case decimal(Int128)

        init(_ value: ArrowWriteValue) {
            switch value {
            case .null: self = .null
            case let .bool(flag): self = .bool(flag)
            case let .int64(number), let .time64(number), let .timestamp(number): self = .integer(number)
            case let .date32(days): self = .integer(Int64(days))
            case let .float64(number): self = .bits(number.bitPattern)
            case let .utf8(text): self = .bytes(Array(text.utf8))
            case let .binary(bytes): self = .bytes(bytes)
            case let .decimal128(unscaled): self = .decimal(unscaled)
            }
        }

        init(_ column: ArrowColumn, row: Int) {
            guard !column.isNull(row) else {
                self = .null
                return
            }
            switch column.field.type {
            case .bool: self = .bool(column.bool(row))
            case .floatingPoint: self = .bits(column.double(row).bitPattern)
            case .utf8, .binary: self = .bytes(Array(column.bytes(row)))
            case .decimal: self = .decimal(column.decimal128(row))
            default: self = .integer(column.int64(row))
            }
        }
    }

    static func check(_ column: ArrowColumn, against values: [ArrowWriteValue], path: String) {
        #expect(column.length == values.count, "length of \(path)")
        #expect(column.nullCount == values.filter { $0 == .null }.count, "null count of \(path)")
        let read = (0..<min(column.length, values.count)).map { Cell(column, row: $0) }
        expectSame(read, values.map(Cell.init), path)
    }

    /// One issue naming the first row that differs, rather than one per row.
    static func expectSame<Element: Equatable>(_ actual: [Element], _ expected: [Element], _ path: String) {
        guard let row = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
            #expect(actual.count == expected.count, "rows of \(path)")
            return
        }
        Issue.record("\(path)[\(row)]: read \(actual[row]), expected \(expected[row])")
    }
}
