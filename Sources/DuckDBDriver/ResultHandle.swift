import CDuckDB
import SwitchyardDrivers

/// A `duckdb_result` at a fixed address (DuckDB fills it in place and later reads it back),
/// destroyed exactly once.
final class ResultHandle {
    let pointer: UnsafeMutablePointer<duckdb_result>
    private var destroyed = false

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: duckdb_result())
    }

    deinit {
        destroy()
        pointer.deallocate()
    }

    /// The error DuckDB stored in the result, after a call reported failure.
    func failure() -> DuckDBFailure {
        DuckDBFailure(message: cduckdb_result_error(pointer).map { String(cString: $0) } ?? "the statement failed")
    }

    /// Each column's DuckDB type, read from the result before any row.
    func columnTypes(keywords: Set<String>) throws -> [ColumnType] {
        let builder = ColumnTypeBuilder(keywords: keywords)
        return try (0..<cduckdb_column_count(pointer)).map { column in
            var type = cduckdb_column_logical_type(pointer, column)
            defer { cduckdb_destroy_logical_type(&type) }
            return try builder.build(type)
        }
    }

    func columnNames() -> [String] {
        (0..<cduckdb_column_count(pointer)).map { column in
            cduckdb_column_name(pointer, column).map { String(cString: $0) } ?? ""
        }
    }

    /// Appends the rows of DuckDB's next data chunk (up to 2,048) to `rows`; false at the end.
    /// Blocks while a streaming statement computes them; throws what DuckDB reports when it
    /// fails.
    func appendNextChunk(readers: [VectorReader], to rows: inout [[SQLValue]]) throws -> Bool {
        while true {
            var chunk = cduckdb_fetch_chunk(pointer.pointee)
            guard let current = chunk else {
                if cduckdb_result_error(pointer) != nil { throw failure() }
                return false
            }
            defer { cduckdb_destroy_data_chunk(&chunk) }
            let count = Int(cduckdb_data_chunk_get_size(current))
            if count == 0 { continue }
            let views = readers.indices.map { column in
                VectorView(cduckdb_data_chunk_get_vector(current, idx_t(column)), reader: readers[column])
            }
            rows.reserveCapacity(rows.count + count)
            readers.withUnsafeBufferPointer { readers in
                views.withUnsafeBufferPointer { views in
                    for row in 0..<count {
                        var values: [SQLValue] = []
                        values.reserveCapacity(readers.count)
                        for column in readers.indices {
                            values.append(readers[column].value(views[column], row))
                        }
                        rows.append(values)
                    }
                }
            }
            return true
        }
    }

    func destroy() {
        guard !destroyed else { return }
        destroyed = true
        cduckdb_destroy_result(pointer)
    }
}
