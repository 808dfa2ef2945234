import SwitchyardDrivers

/// A running statement's result together with the connection it holds, streamed by a
/// `BlockingCursor` one DuckDB data chunk (up to 2,048 rows) at a time. Only one thread uses
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

    /// Blocks until DuckDB has the next rows.
    func fetch() throws -> (rows: [[SQLValue]], isLast: Bool) {
        guard let rows = try started.result.nextBatch(readers: started.readers) else { return ([], true) }
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
