import ArrowIPC
import SwitchyardDrivers

/// An Arrow IPC stream: the schema, then a record batch per batch of rows, then the end marker.
/// Each column's Arrow type is decided once, from its first non-null value in the first batch
/// (and, for decimals, the scale the column's type declares): integers as int64, floats as
/// float64, decimals as decimal128 with the column's scale, dates as date32, times and
/// timestamps in microseconds, instants with the zone UTC, bytes as binary. A column that is
/// all NULL in the first batch, a decimal whose type declares no scale, and text are utf8.
struct ArrowEncoding: ResultEncoding {
    private let columns: [ColumnInfo]
    private var writer: ArrowStreamWriter?

    init(columns: [ColumnInfo]) { self.columns = columns }

    mutating func append(_ batch: [[SQLValue]], to out: inout [UInt8]) throws {
        let writer = try start(with: batch, to: &out)
        let fields = writer.fields
        let rows = try batch.map { row in
            try zip(row, fields).enumerated().map { index, pair in
                try ArrowValues.value(pair.0, as: pair.1.type, column: columns[index].name)
            }
        }
        out.append(contentsOf: try writer.recordBatch(rows: rows))
    }

    mutating func finish(to out: inout [UInt8]) throws {
        _ = try start(with: [], to: &out)
        out.append(contentsOf: ArrowStreamWriter.endOfStream)
    }

    func failure(_ message: String) -> [UInt8]? { nil }

    /// The writer, made (and its schema written) on the first call.
    private mutating func start(with batch: [[SQLValue]], to out: inout [UInt8]) throws -> ArrowStreamWriter {
        if let writer { return writer }
        let fields = columns.enumerated().map { index, column in
            let first = batch.lazy.map { index < $0.count ? $0[index] : .null }.first { $0 != .null }
            return ArrowWriteField(name: column.name, type: ArrowValues.type(of: first, declared: column.type), nullable: true)
        }
        let writer = try ArrowStreamWriter(fields: fields)
        out.append(contentsOf: writer.schemaMessage())
        self.writer = writer
        return writer
    }
}
