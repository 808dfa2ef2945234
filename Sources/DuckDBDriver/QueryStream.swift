import SwitchyardDrivers

/// A running statement's result together with the connection it holds, streamed by a
/// `BlockingCursor` a few DuckDB data chunks (see `batchRows`) at a time. Only one thread uses
/// it at a time (the cursor's lifecycle hands it out), except `interrupt`, which is safe from
/// anywhere; hence the unchecked `Sendable`.
final class QueryStream: CursorStream, @unchecked Sendable {
    private let started: StartedStatement
    private let connection: DuckDBConnection
    private let pool: HandlePool<DuckDBConnection>
    private let errors: ErrorMapper
    private var finished = false

    init(_ started: StartedStatement, connection: DuckDBConnection, pool: HandlePool<DuckDBConnection>, errors: ErrorMapper) {
        self.started = started
        self.connection = connection
        self.pool = pool
        self.errors = errors
    }

    var columns: [ColumnInfo] { started.columns }

    /// At most this many rows per fetch: four of DuckDB's chunks (2,048 rows at most each), so
    /// that what a fetch costs besides its rows (a hand-off to a blocking thread and back, the
    /// statement's bounds) is paid once per 8,192 rows rather than per 2,048.
    static let batchRows = 8192
    private static let chunkRows = 2048

    /// Blocks until DuckDB has the next rows.
    func fetch() throws -> (rows: [[SQLValue]], isLast: Bool) {
        var rows: [[SQLValue]] = []
        while rows.count + Self.chunkRows <= Self.batchRows {
            guard try started.result.appendNextChunk(readers: started.readers, to: &rows) else { return (rows, true) }
        }
        return (rows, false)
    }

    /// DuckDB then fails the statement with "Interrupted".
    func interrupt(until flag: CancelFlag) {
        connection.interrupt()
    }

    /// Frees the result and gives the connection back: reused when the statement was a plain
    /// SELECT, otherwise replaced so that no session change leaks into the next borrower's.
    /// However the stream ended: DuckDB frees a result cleanly at any point. Idempotent.
    func finish(_ ending: CursorEnding) {
        guard !finished else { return }
        finished = true
        started.result.destroy()
        started.statement.destroy()
        pool.releaseNow(connection, reusable: !started.mayHaveChangedSession)
    }

    func clientError(_ error: any Error) -> any Error {
        errors.statement(error, cancelled: false)
    }
}
