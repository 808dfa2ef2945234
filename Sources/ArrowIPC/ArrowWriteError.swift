/// Why ``ArrowStreamWriter`` refused a schema or a batch of rows.
///
/// Each case names the column (and row) at fault but never a cell's contents, so the
/// description can be logged or shown without leaking data.
public enum ArrowWriteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field's type cannot be written: a decimal precision outside 1...38, or a scale
    /// beyond a 32-bit integer.
    case unsupportedField(column: String, reason: String)
    /// A row has a different number of cells than the schema has fields.
    case rowWidth(row: Int, cells: Int, fields: Int)
    /// A cell's case does not fit its column's type, e.g. `.utf8` in an `int64` column.
    case mismatchedValue(column: String, row: Int, expected: ArrowWriteType, found: String)
    /// A null in a column declared non-nullable.
    case nullInNonNullableColumn(column: String, row: Int)
    /// A value its type cannot hold: a decimal with more digits than the precision allows,
    /// or a time of day outside 0..<24h.
    case outOfRange(column: String, row: Int)
    /// The batch's text or bytes in one column exceed the 2 GiB that 32-bit offsets reach;
    /// write fewer rows per batch.
    case columnTooLarge(column: String)

    public var description: String {
        switch self {
        case let .unsupportedField(column, reason):
            "column \"\(column)\" cannot be written: \(reason)"
        case let .rowWidth(row, cells, fields):
            "row \(row) has \(cells) cells for \(fields) columns"
        case let .mismatchedValue(column, row, expected, found):
            "column \"\(column)\" of type \(expected) has a \(found) value in row \(row)"
        case let .nullInNonNullableColumn(column, row):
            "column \"\(column)\" is not nullable but row \(row) is null"
        case let .outOfRange(column, row):
            "column \"\(column)\" has a value out of its type's range in row \(row)"
        case let .columnTooLarge(column):
            "column \"\(column)\" holds more than 2 GiB in one batch"
        }
    }
}
