import SwitchyardDrivers

/// A whole result: its columns, its rows as a JSON array text, and how many there are.
struct CollectedResult: Sendable {
    let columns: [ColumnInfo]
    let rowsJSON: String
    let totalRows: Int
}

/// Reads a cursor to its end into one JSON array, refusing results over the row or byte cap
/// (the cursor is closed either way).
struct ResultCollector: Sendable {
    let limits: QueryLimits

    func collect(_ cursor: any RowCursor) async throws -> CollectedResult {
        let encoder = RowJSON(columns: cursor.columns)
        var rows: [UInt8] = [UInt8(ascii: "[")]
        var count = 0
        do {
            while let batch = try await cursor.next() {
                for row in batch {
                    count += 1
                    guard count <= limits.maxRows else { throw QueryError.tooManyRows(limits.maxRows) }
                    if count > 1 { rows.append(UInt8(ascii: ",")) }
                    encoder.appendRow(row, to: &rows)
                }
                guard rows.count <= limits.maxResultBytes else { throw QueryError.tooManyBytes(limits.maxResultBytes) }
            }
        } catch {
            await cursor.close()
            throw error
        }
        await cursor.close()
        rows.append(UInt8(ascii: "]"))
        return CollectedResult(columns: cursor.columns, rowsJSON: String(decoding: rows, as: UTF8.self), totalRows: count)
    }
}
