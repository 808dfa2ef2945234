import CDuckDB
import SwitchyardDrivers

/// A statement whose result is ready to stream, with what is needed to read and release it.
struct StartedStatement {
    let result: ResultHandle
    /// Kept alive until the result is destroyed: the result was produced from it.
    let statement: PreparedStatement
    let columns: [ColumnInfo]
    let readers: [VectorReader]
    /// True when any statement was not a SELECT, so it may have changed the connection's
    /// session (USE, SET search_path, an open transaction, temporary tables).
    let mayHaveChangedSession: Bool
}

extension DuckDBConnection {
    /// Runs every statement of `sql` but the last to completion and starts the last one as a
    /// streaming result. `cancel` is checked once DuckDB has begun the last statement, so a
    /// cancellation that came before the statement existed is not lost (an interrupt only
    /// reaches a statement already running).
    func startStreaming(_ sql: String, keywords: Set<String>, cancel: CancelFlag) throws -> StartedStatement {
        var extracted: OpaquePointer?
        let count = cduckdb_extract_statements(pointer, sql, &extracted)
        defer { cduckdb_destroy_extracted(&extracted) }
        guard count > 0 else {
            let message = extracted.flatMap { cduckdb_extract_statements_error($0) }.map { String(cString: $0) }
            throw DuckDBFailure(message: message ?? "no statement to run")
        }
        var changedSession = false
        for index in 0..<count {
            var raw: OpaquePointer?
            let state = cduckdb_prepare_extracted_statement(pointer, extracted, index, &raw)
            let statement = PreparedStatement(owning: raw)
            guard state == DuckDBSuccess else {
                defer { statement.destroy() }
                throw statement.failure()
            }
            changedSession = changedSession || !statement.isSelect
            if index + 1 < count {
                defer { statement.destroy() }
                try execute(statement, cancel: cancel)
            } else {
                do {
                    return try stream(statement, keywords: keywords, cancel: cancel, changedSession: changedSession)
                } catch {
                    statement.destroy()
                    throw error
                }
            }
        }
        throw DuckDBFailure(message: "no statement to run")
    }

    private func execute(_ statement: PreparedStatement, cancel: CancelFlag) throws {
        if cancel.isRaised { throw CancellationError() }
        let result = ResultHandle()
        defer { result.destroy() }
        guard cduckdb_execute_prepared(statement.pointer, result.pointer) == DuckDBSuccess else {
            throw result.failure()
        }
    }

    private func stream(
        _ statement: PreparedStatement, keywords: Set<String>, cancel: CancelFlag, changedSession: Bool
    ) throws -> StartedStatement {
        var pending: OpaquePointer?
        defer { if pending != nil { cduckdb_destroy_pending(&pending) } }
        guard cduckdb_pending_prepared_streaming(statement.pointer, &pending) == DuckDBSuccess, let started = pending else {
            let message = pending.flatMap { cduckdb_pending_error($0) }.map { String(cString: $0) }
            throw DuckDBFailure(message: message ?? "could not start the statement")
        }
        if cancel.isRaised { throw CancellationError() }
        let result = ResultHandle()
        guard cduckdb_execute_pending(started, result.pointer) == DuckDBSuccess else {
            defer { result.destroy() }
            throw result.failure()
        }
        do {
            let types = try result.columnTypes(keywords: keywords)
            let columns = zip(result.columnNames(), types).map { ColumnInfo(name: $0, type: $1.name) }
            return StartedStatement(
                result: result, statement: statement, columns: columns, readers: types.map(\.reader),
                mayHaveChangedSession: changedSession)
        } catch {
            result.destroy()
            throw error
        }
    }
}
