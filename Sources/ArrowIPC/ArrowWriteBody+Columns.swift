/// What a cell holds, as its column's type sees it.
enum ArrowWriteCell<Stored> {
    case value(Stored)
    case null
    /// The cell's case belongs to another type.
    case mismatched
    /// The right case, but a value the type cannot hold.
    case outOfRange
}

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
            try appendFixedWidth(column, of: rows, field: field, as: Int64.self) { cell in
                switch cell {
                case let .int64(value): .value(value)
                case .null: .null
                default: .mismatched
                }
            }
        case .float64:
            try appendFixedWidth(column, of: rows, field: field, as: UInt64.self) { cell in
                switch cell {
                case let .float64(value): .value(value.bitPattern)  // every NaN payload and -0.0 kept
                case .null: .null
                default: .mismatched
                }
            }
        case let .decimal128(precision, _):
            let largest = Self.largestUnscaled(digits: precision)
            try appendFixedWidth(column, of: rows, field: field, as: Int128.self) { cell in
                switch cell {
                case let .decimal128(value): -largest <= value && value <= largest ? .value(value) : .outOfRange
                case .null: .null
                default: .mismatched
                }
            }
        case .date32:
            try appendFixedWidth(column, of: rows, field: field, as: Int32.self) { cell in
                switch cell {
                case let .date32(value): .value(value)
                case .null: .null
                default: .mismatched
                }
            }
        case .time64Microseconds:
            try appendFixedWidth(column, of: rows, field: field, as: Int64.self) { cell in
                switch cell {
                case let .time64(value): 0 <= value && value < 86_400_000_000 ? .value(value) : .outOfRange
                case .null: .null
                default: .mismatched
                }
            }
        case .timestampMicroseconds:
            try appendFixedWidth(column, of: rows, field: field, as: Int64.self) { cell in
                switch cell {
                case let .timestamp(value): .value(value)
                case .null: .null
                default: .mismatched
                }
            }
        case .utf8:
            try appendVariableLength(column, of: rows, field: field, text: true)
        case .binary:
            try appendVariableLength(column, of: rows, field: field, text: false)
        }
    }

    /// Validity, then one little-endian `Stored` per row.
    private mutating func appendFixedWidth<Stored: FixedWidthInteger>(
        _ column: Int, of rows: [[ArrowWriteValue]], field: ArrowWriteField, as _: Stored.Type,
        read: (ArrowWriteValue) -> ArrowWriteCell<Stored>
    ) throws(ArrowWriteError) {
        let width = MemoryLayout<Stored>.size
        let validity = appendZeroedBuffer(length: Self.bitmapLength(rows: rows.count))
        let values = appendZeroedBuffer(length: rows.count * width)
        let nullCount = withBytes { raw -> Result<Int, ArrowWriteError> in
            var nulls = 0
            for row in rows.indices {
                switch read(rows[row][column]) {
                case let .value(value):
                    raw.storeBytes(of: value.littleEndian, toByteOffset: values + row * width, as: Stored.self)
                    raw[validity + row >> 3] |= 1 << UInt8(row & 7)
                case .null:
                    guard field.nullable else {
                        return .failure(.nullInNonNullableColumn(column: field.name, row: row))
                    }
                    nulls += 1
                case .mismatched:
                    return .failure(Self.mismatch(rows[row][column], field: field, row: row))
                case .outOfRange:
                    return .failure(.outOfRange(column: field.name, row: row))
                }
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
