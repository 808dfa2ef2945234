import SwitchyardDrivers

/// A running statement's result together with the connection it holds. Only one thread uses it
/// at a time (the cursor's state machine hands it out), except `interrupt`, which is safe from
/// anywhere; hence the unchecked `Sendable`.
final class QueryStream: @unchecked Sendable {
    private let started: StartedStatement
    private let connection: DuckDBConnection
    private let pool: ConnectionPool
    private var finished = false

    init(_ started: StartedStatement, connection: DuckDBConnection, pool: ConnectionPool) {
        self.started = started
        self.connection = connection
        self.pool = pool
    }

    var columns: [ColumnInfo] { started.columns }

    /// Blocks until DuckDB has the next rows; nil at the end.
    func nextBatch() throws -> [[SQLValue]]? {
        try started.result.nextBatch(readers: started.readers)
    }

    func interrupt() {
        connection.interrupt()
    }

    /// Frees the result and gives the connection back: reused when the statement was a plain
    /// SELECT, otherwise replaced so that no session change leaks into the next borrower's.
    /// Idempotent.
    func finish() {
        guard !finished else { return }
        finished = true
        started.result.destroy()
        started.statement.destroy()
        pool.release(connection, reusable: !started.mayHaveChangedSession)
    }
}
