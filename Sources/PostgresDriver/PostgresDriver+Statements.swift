import Foundation
import PostgresNIO
import SwitchyardDrivers

extension PostgresDriver {
    /// Starts `sql` on a pooled connection and returns a cursor whose columns are known. The
    /// server sends its description of the result together with its first output, which it
    /// holds back until some 8 kB of rows have gathered or the statement has ended: a large
    /// result is returned after its first rows, `SELECT pg_sleep(30)` after 30 s. Cancelling
    /// the calling task meanwhile cancels the statement in the server. The connection returns
    /// to the pool when the cursor reaches its end or is closed.
    public func query(_ sql: String) async throws -> any RowCursor {
        try await open(sql)
    }

    /// The columns of `sql`, found by running `SELECT * FROM (sql) LIMIT 0`: the server plans
    /// the statement and describes its result, but the LIMIT 0 stops it before it reads a row.
    /// This works for anything that can stand as a subquery (SELECT, WITH, VALUES, TABLE);
    /// other statements (EXPLAIN, SHOW, DML with RETURNING) are refused with a syntax error
    /// rather than executed.
    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        let cursor = try await open("SELECT * FROM (\n\(Self.statementBody(sql))\n) AS switchyard_describe LIMIT 0")
        while try await cursor.next() != nil {}
        await cursor.close()
        return cursor.columns
    }

    /// Starts one statement of the caller's own SQL, tagged so that it can be cancelled in
    /// the server, and wraps its rows in a cursor.
    ///
    /// This is the one place where SQL text is not a bound `PostgresQuery`: the caller's
    /// statement is run as given (with `unsafeSQL`), as a query console must; everything the
    /// driver composes itself binds its values.
    func open(_ sql: String) async throws -> PostgresCursor {
        let tag = StatementCanceller.makeTag()
        let statement = PostgresQuery(unsafeSQL: StatementCanceller.tagged(sql, tag: tag))
        let client = self.client
        let logger = self.logger
        let rows: PostgresRowSequence
        do {
            try await awaitConnection()
            // Statements without a result (DDL, DML) return only once they have run.
            rows = try await canceller.whileRunning(tag: tag) { try await client.query(statement, logger: logger) }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw errors.translate(error)
        }
        try await learnTypes(of: rows.columns, tag: tag)
        let stream = RowStream(rows: rows, reader: types.reader, tag: tag, canceller: canceller, errors: errors)
        return PostgresCursor(columns: rows.columns.map(types.columnInfo), stream: stream)
    }

    /// Makes every type in `columns` known: types that are not built in are asked of the
    /// server (on a connection of our own, within `connectTimeout`). If that fails the
    /// columns still read, their types named by OID and their values as placeholders.
    private func learnTypes(of columns: PostgresColumns, tag: String) async throws {
        let unknown = types.unknown(columns.map(\.dataType.rawValue))
        guard !unknown.isEmpty else { return }
        let types = self.types
        do {
            _ = try await withOwnConnection(within: connectTimeout) { connection in
                try await types.learn(unknown, on: connection)
            }
        } catch {
            logger.debug("could not look up column types \(unknown): \(error)")
        }
        if Task.isCancelled {
            await canceller.cancel(tag: tag)
            throw CancellationError()
        }
    }

    /// The statement without trailing semicolons and spaces, so that it can be embedded.
    static func statementBody(_ sql: String) -> String {
        var body = Substring(sql)
        while let last = body.last, last == ";" || last.isWhitespace { body.removeLast() }
        return String(body)
    }
}
