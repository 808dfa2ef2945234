import SwitchyardDrivers

/// How a streamed result is written, batch by batch, as the rows come.
protocol ResultEncoding: Sendable {
    /// Appends one batch of rows (and whatever must come before the first).
    mutating func append(_ batch: [[SQLValue]], to out: inout [UInt8]) throws
    /// Appends what ends a complete result (and what must come first, for an empty one).
    mutating func finish(to out: inout [UInt8]) throws
    /// What ends a stream whose statement failed after its first byte, when the format can say
    /// so (NDJSON's `{"error": …}` line); nil for formats that can only end broken.
    func failure(_ message: String) -> [UInt8]?
}

/// The formats a statement's rows stream in, by media type.
enum StreamFormat: String, Sendable {
    case ndjson = "application/x-ndjson"
    case csv = "text/csv"
    case arrow = "application/vnd.apache.arrow.stream"

    func encoding(for columns: [ColumnInfo]) -> any ResultEncoding {
        switch self {
        case .ndjson: NDJSONEncoding(columns: columns)
        case .csv: CSVEncoding(columns: columns)
        case .arrow: ArrowEncoding(columns: columns)
        }
    }
}

/// A JSON object per row and a line break after each.
struct NDJSONEncoding: ResultEncoding {
    let rows: RowJSON

    init(columns: [ColumnInfo]) { rows = RowJSON(columns: columns) }

    mutating func append(_ batch: [[SQLValue]], to out: inout [UInt8]) {
        rows.appendRows(batch, terminator: UInt8(ascii: "\n"), to: &out)
    }

    mutating func finish(to out: inout [UInt8]) {}

    func failure(_ message: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.append(contentsOf: #"{"error":{"message":"#.utf8)
        JSONWriter.appendString(message, to: &out)
        out.append(contentsOf: "}}\n".utf8)
        return out
    }
}
