import HTTPDriverKit
import Synchronization
import SwitchyardDrivers

/// A statement's rows, one Trino page per `next()`: a page is fetched only when the reader
/// asks for more, so a result of any size is held one page at a time.
final class TrinoCursor: RowCursor {
    let columns: [ColumnInfo]
    private let types: [TrinoType]
    private let execution: StatementExecution
    /// Rows that arrived with the columns, while the statement was being opened.
    private let waiting: Mutex<[[JSONNode]]>

    /// Follows `execution` until its columns are known (or it ends without any).
    static func open(_ execution: StatementExecution, first: StatementPage) async throws -> TrinoCursor {
        var page = first
        while page.columns == nil, let next = try await execution.advance() {
            page = next
        }
        return TrinoCursor(columns: page.columns ?? [], rows: page.rows, execution: execution)
    }

    private init(columns: [TrinoColumn], rows: [[JSONNode]], execution: StatementExecution) {
        self.columns = columns.map(\.info)
        types = columns.map(\.type)
        self.execution = execution
        waiting = Mutex(rows)
    }

    func next() async throws -> [[SQLValue]]? {
        let held = waiting.withLock { rows in
            defer { rows = [] }
            return rows
        }
        if !held.isEmpty { return decode(held) }
        while let page = try await execution.advance() {
            if !page.rows.isEmpty { return decode(page.rows) }
        }
        return nil
    }

    func close() async {
        await execution.close()
    }

    private func decode(_ rows: [[JSONNode]]) -> [[SQLValue]] {
        rows.map { row in
            types.indices.map { index in index < row.count ? types[index].value(of: row[index]) : .null }
        }
    }
}
