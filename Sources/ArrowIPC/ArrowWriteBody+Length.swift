/// Measuring a batch before it is written, so that its bytes are allocated once and rows
/// that cannot be written are refused before any work.
extension ArrowWriteBody {
    /// The body's exact length for `rows`: every buffer padded to the alignment, with the
    /// text and bytes of each row measured.
    ///
    /// Checks on the way that every row has one cell per field, which the column encoders
    /// rely on, and that no column's text or bytes exceed what 32-bit offsets reach.
    static func length(of rows: [[ArrowWriteValue]], fields: [ArrowWriteField]) throws(ArrowWriteError) -> Int {
        let variable = fields.indices.filter { bufferCount(fields[$0].type) == 3 }
        var variableBytes = Array(repeating: 0, count: fields.count)
        // Indexing rather than binding each row spares a retain and release per row.
        for row in rows.indices {
            guard rows[row].count == fields.count else {
                throw .rowWidth(row: row, cells: rows[row].count, fields: fields.count)
            }
            for column in variable {
                switch (rows[row][column], fields[column].type) {
                case let (.utf8(text), .utf8): variableBytes[column] += text.utf8.count
                case let (.binary(bytes), .binary): variableBytes[column] += bytes.count
                default: break  // nulls, and cases of another type, refused when the column is written
                }
            }
        }
        for column in variable where variableBytes[column] > Int(Int32.max) {
            throw .columnTooLarge(column: fields[column].name)
        }
        let bitmap = padded(bitmapLength(rows: rows.count))
        return fields.indices.reduce(0) { total, column in
            switch fields[column].type {
            case .bool: total + 2 * bitmap
            case .date32: total + bitmap + padded(4 * rows.count)
            case .int64, .float64, .time64Microseconds, .timestampMicroseconds: total + bitmap + 8 * rows.count
            case .decimal128: total + bitmap + 16 * rows.count
            case .utf8, .binary: total + bitmap + padded(4 * (rows.count + 1)) + padded(variableBytes[column])
            }
        }
    }

    /// The buffers a column of `type` has: validity and values, plus the bytes of text and binary.
    static func bufferCount(_ type: ArrowWriteType) -> Int {
        switch type {
        case .utf8, .binary: 3
        default: 2
        }
    }

    private static func padded(_ length: Int) -> Int {
        length + padding(after: length)
    }
}
