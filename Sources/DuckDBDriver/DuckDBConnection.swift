import CDuckDB
import SwitchyardDrivers

/// One DuckDB connection. Its blocking methods run on the driver's threads, called only by
/// whoever holds it from the pool; `interrupt()` may be called from any thread at any time.
final class DuckDBConnection: Sendable {
    private let handle: DuckDBHandle

    init(database: DuckDBHandle) throws {
        var connection: OpaquePointer?
        guard cduckdb_connect(database.pointer, &connection) == DuckDBSuccess, let connection else {
            throw DuckDBFailure(message: "DuckDB could not open a connection")
        }
        handle = DuckDBHandle(pointer: connection)
    }

    var pointer: OpaquePointer { handle.pointer }

    /// Stops the statement running on this connection, if any; DuckDB then fails it with
    /// "Interrupted".
    func interrupt() {
        cduckdb_interrupt(handle.pointer)
    }

    /// Called once, by the pool, when the connection is dropped.
    func disconnect() {
        var pointer: OpaquePointer? = handle.pointer
        cduckdb_disconnect(&pointer)
    }

    /// Runs `sql` (one or more statements) to completion, discarding any result.
    func run(_ sql: String) throws {
        let result = ResultHandle()
        defer { result.destroy() }
        guard cduckdb_query(handle.pointer, sql, result.pointer) == DuckDBSuccess else {
            throw result.failure()
        }
    }

    /// The rows of one statement, with `parameters` bound to its `?` placeholders in order: the
    /// way every value from a caller reaches SQL in this driver, never spliced into the text.
    func rows(_ sql: String, parameters: [String] = [], keywords: Set<String> = []) throws -> [[SQLValue]] {
        let statement = try PreparedStatement(connection: self, sql: sql)
        defer { statement.destroy() }
        for (index, value) in parameters.enumerated()
        where cduckdb_bind_varchar(statement.pointer, idx_t(index + 1), value) != DuckDBSuccess {
            throw DuckDBFailure(message: "could not bind parameter \(index + 1)")
        }
        let result = ResultHandle()
        defer { result.destroy() }
        guard cduckdb_execute_prepared(statement.pointer, result.pointer) == DuckDBSuccess else {
            throw result.failure()
        }
        let readers = try result.columnTypes(keywords: keywords).map(\.reader)
        var rows: [[SQLValue]] = []
        while try result.appendNextChunk(readers: readers, to: &rows) {}
        return rows
    }
}

/// A prepared statement, destroyed by its owner once no result depends on it.
final class PreparedStatement {
    private(set) var pointer: OpaquePointer?

    init(connection: DuckDBConnection, sql: String) throws {
        var statement: OpaquePointer?
        let state = cduckdb_prepare(connection.pointer, sql, &statement)
        pointer = statement
        guard state == DuckDBSuccess else {
            let failure = DuckDBFailure(message: statement.flatMap { cduckdb_prepare_error($0) }.map { String(cString: $0) } ?? "could not prepare the statement")
            destroy()
            throw failure
        }
    }

    /// Takes ownership of a statement prepared from extracted statements.
    init(owning statement: OpaquePointer?) {
        pointer = statement
    }

    var isSelect: Bool {
        cduckdb_prepared_statement_type(pointer).rawValue == DUCKDB_STATEMENT_TYPE_SELECT.rawValue
    }

    /// The result's columns, known without running the statement.
    func columns(keywords: Set<String>) throws -> [ColumnInfo] {
        let builder = ColumnTypeBuilder(keywords: keywords)
        return try (0..<cduckdb_prepared_statement_column_count(pointer)).map { column in
            let name = cduckdb_prepared_statement_column_name(pointer, column)
            defer { cduckdb_free(UnsafeMutableRawPointer(mutating: name)) }
            var type = cduckdb_prepared_statement_column_logical_type(pointer, column)
            defer { cduckdb_destroy_logical_type(&type) }
            return ColumnInfo(name: name.map { String(cString: $0) } ?? "", type: try builder.build(type).name)
        }
    }

    func failure() -> DuckDBFailure {
        DuckDBFailure(message: pointer.flatMap { cduckdb_prepare_error($0) }.map { String(cString: $0) } ?? "could not prepare the statement")
    }

    func destroy() {
        guard pointer != nil else { return }
        cduckdb_destroy_prepare(&pointer)
    }
}
