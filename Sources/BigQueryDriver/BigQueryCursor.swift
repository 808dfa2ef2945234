import HTTPDriverKit
import Synchronization
import SwitchyardDrivers

/// A query's rows, one `getQueryResults` page per `next()`: the next page is fetched only
/// when the reader asks for more, so a result of any size is held one page at a time.
final class BigQueryCursor: RowCursor {
    let columns: [ColumnInfo]
    private let fields: [BigQueryField]
    private let job: QueryJob
    private let pageRows: Int
    private let state: Mutex<State>

    private struct State {
        /// Rows of the page that came with the columns, not yet handed out.
        var waiting: [JSONNode]
        var pageToken: String?
    }

    /// Submits `sql` and waits for its first page, which carries the schema.
    static func open(_ sql: String, job: QueryJob, pageRows: Int) async throws -> BigQueryCursor {
        try await job.submit(sql)
        let first = try await job.page(after: nil, maxRows: pageRows)
        return BigQueryCursor(first: first, job: job, pageRows: pageRows)
    }

    private init(first: QueryJob.Page, job: QueryJob, pageRows: Int) {
        fields = first.schema
        columns = first.schema.map { ColumnInfo(name: $0.name, type: $0.typeName) }
        self.job = job
        self.pageRows = pageRows
        state = Mutex(State(waiting: first.rows, pageToken: first.pageToken))
    }

    func next() async throws -> [[SQLValue]]? {
        let (held, token) = state.withLock { state in
            defer { state.waiting = [] }
            return (state.waiting, state.pageToken)
        }
        if !held.isEmpty { return decode(held) }
        var next = token
        while let token = next {
            let page = try await job.page(after: token, maxRows: pageRows)
            state.withLock { $0.pageToken = page.pageToken }
            if !page.rows.isEmpty { return decode(page.rows) }
            next = page.pageToken
        }
        return nil
    }

    func close() async {
        await job.close()
    }

    private func decode(_ rows: [JSONNode]) -> [[SQLValue]] {
        rows.map { row in
            let cells = row["f"]?.array ?? []
            return fields.indices.map { index in index < cells.count ? fields[index].value(of: cells[index]["v"] ?? .null) : .null }
        }
    }
}
