/// One record batch of a stream: `length` rows, one ``ArrowColumn`` per schema field.
///
/// The columns are views over the stream bytes, so a batch costs a few small
/// allocations for its column descriptions, not a copy of its data.
public struct ArrowRecordBatch: Sendable {
    /// The number of rows; every column has exactly this length.
    public let length: Int
    /// The columns, in the order of the schema's fields.
    public let columns: [ArrowColumn]

    init(length: Int, columns: [ArrowColumn]) {
        self.length = length
        self.columns = columns
    }

    /// The first column whose field has `name`; a linear search, meant for setup, not per row.
    public func column(named name: String) -> ArrowColumn? {
        columns.first { $0.field.name == name }
    }
}
