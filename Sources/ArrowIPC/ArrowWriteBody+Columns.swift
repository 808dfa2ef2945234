/// Column encoders: each reads one cell of every row and appends that column's buffers in
/// the order the Arrow columnar format lists them (validity bitmap first, then the values:
/// fixed-width, bit-packed, or 32-bit offsets followed by the bytes they point into).
///
/// The validity bitmap is always written, even without nulls, so a column's buffer count
/// never depends on its data. Null slots hold zeros (or an empty range of bytes).
extension ArrowWriteBody {
    /// Appends the column at `column` of `rows`, which ``length(of:fields:)`` has measured and checked.
    mutating func appendColumn(
        _ column: Int, of rows: [[ArrowWriteValue]], field: ArrowWriteField
    ) throws(ArrowWriteError) {
        switch field.type {
        case .bool:
            try appendBools(column, of: rows, field: field)
        case .int64:
            try appendFixedWidth(column, of: rows, field: field) { if case let .int64(value) = $0 { value } else { nil } }
        case .float64:
            // The bits as they are: every NaN payload and -0.0 kept.
            try appendFixedWidth(column, of: rows, field: field) {
                if case let .float64(value) = $0 { value.bitPattern } else { nil }
            }
        case let .decimal128(precision, _):
            let largest = Self.largestUnscaled(digits: precision)
            try appendFixedWidth(column, of: rows, field: field, within: -largest...largest) {
                if case let .decimal128(value) = $0 { value } else { nil }
            }
        case .date32:
            try appendFixedWidth(column, of: rows, field: field) { if case let .date32(value) = $0 { value } else { nil } }
        case .time64Microseconds:
            try appendFixedWidth(column, of: rows, field: field, within: Int64(0)...86_399_999_999) {
                if case let .time64(value) = $0 { value } else { nil }
            }
        case .timestampMicroseconds:
            try appendFixedWidth(column, of: rows, field: field) { if case let .timestamp(value) = $0 { value } else { nil } }
        case .utf8:
            try appendVariableLength(column, of: rows, field: field, text: true)
        case .binary:
            try appendVariableLength(column, of: rows, field: field, text: false)
        }
    }

    /// Validity, then one little-endian `Stored` per row. `read` gives a cell's value when the
    /// cell is of this column's type (nil otherwise); a value outside `within` is refused.
    private mutating func appendFixedWidth<Stored: FixedWidthInteger>(
        _ column: Int, of rows: [[ArrowWriteValue]], field: ArrowWriteField, within range: ClosedRange<Stored>? = nil,
        read: (ArrowWriteValue) -> Stored?
    ) throws(ArrowWriteError) {
        let width = MemoryLayout<Stored>.size
        let validity = appendZeroedBuffer(length: Self.bitmapLength(rows: rows.count))
        let values = appendZeroedBuffer(length: rows.count * width)
        let nullCount = withBytes { raw -> Result<Int, ArrowWriteError> in
            var nulls = 0
            for row in rows.indices {
                let cell = rows[row][column]
                if case .null = cell {
                    guard field.nullable else {
                        return .failure(.nullInNonNullableColumn(column: field.name, row: row))
                    }
                    nulls += 1
                    continue
                }
                guard let value = read(cell) else { return .failure(Self.mismatch(cell, field: field, row: row)) }
                if let range, !range.contains(value) { return .failure(.outOfRange(column: field.name, row: row)) }
                raw.storeBytes(of: value.littleEndian, toByteOffset: values + row * width, as: Stored.self)
                raw[validity + row >> 3] |= 1 << UInt8(row & 7)
            }
            return .success(nulls)
        }
        addNode(length: rows.count, nullCount: try nullCount.get())
    }

    /// Validity, then the values as a second bitmap.
    private mutating func appendBools(
        _ column: Int, of rows: [[ArrowWriteValue]], field: ArrowWriteField
    ) throws(ArrowWriteError) {
        let validity = appendZeroedBuffer(length: Self.bitmapLength(rows: rows.count))
        let values = appendZeroedBuffer(length: Self.bitmapLength(rows: rows.count))
        var nulls = 0
        for row in rows.indices {
            switch rows[row][column] {
            case .null:
                guard field.nullable else { throw .nullInNonNullableColumn(column: field.name, row: row) }
                nulls += 1
                continue
            case let .bool(value):
                if value { setBit(row, inBitmapAt: values) }
            case let other:
                throw Self.mismatch(other, field: field, row: row)
            }
            setBit(row, inBitmapAt: validity)
        }
        addNode(length: rows.count, nullCount: nulls)
    }

    /// Validity, `rows + 1` int32 offsets, then the bytes of every row end to end.
    private mutating func appendVariableLength(
        _ column: Int, of rows: [[ArrowWriteValue]], field: ArrowWriteField, text: Bool
    ) throws(ArrowWriteError) {
        let validity = appendZeroedBuffer(length: Self.bitmapLength(rows: rows.count))
        let offsets = appendZeroedBuffer(length: 4 * (rows.count + 1))
        let data = beginBuffer()
        var nulls = 0
        for row in rows.indices {
            switch rows[row][column] {
            case .null:
                guard field.nullable else { throw .nullInNonNullableColumn(column: field.name, row: row) }
                nulls += 1
            case let .utf8(string) where text:
                if string.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
                    append(Array(string.utf8))
                }
                setBit(row, inBitmapAt: validity)
            case let .binary(value) where !text:
                append(value)
                setBit(row, inBitmapAt: validity)
            case let other:
                throw Self.mismatch(other, field: field, row: row)
            }
            // length(of:fields:) has checked that the column's bytes stay below Int32.max.
            store(Int32(bytes.count - data), at: offsets + 4 * (row + 1))
        }
        endBuffer(start: data)
        addNode(length: rows.count, nullCount: nulls)
    }

    private static func mismatch(_ cell: ArrowWriteValue, field: ArrowWriteField, row: Int) -> ArrowWriteError {
        .mismatchedValue(column: field.name, row: row, expected: field.type, found: cell.caseName)
    }

    /// The largest unscaled value with `digits` decimal digits, 10^digits - 1.
    static func largestUnscaled(digits: Int) -> Int128 {
        var power: Int128 = 1
        for _ in 0..<digits {
            power *= 10
        }
        return power - 1
    }
}
