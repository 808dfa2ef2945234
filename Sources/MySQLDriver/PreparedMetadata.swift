import CMariaDB
import SwitchyardDrivers

/// The columns of a statement, learnt by preparing it (`mysql_stmt_prepare`): the server
/// parses and plans it and sends its result metadata without running it.
enum PreparedMetadata {
    /// Columns `sql` would return; empty for a statement without a result set. Blocking.
    static func columns(of sql: String, on connection: MySQLConnection) throws(MySQLFailure) -> [ColumnInfo] {
        try connection.withHandle { handle throws(MySQLFailure) -> [ColumnInfo] in
            guard let statement = mysql_stmt_init(handle) else { throw connection.failure() }
            defer { mysql_stmt_close(statement) }
            let status = sql.withCString { mysql_stmt_prepare(statement, $0, UInt(sql.utf8.count)) }
            guard status == 0 else { throw failure(of: statement, on: connection) }
            guard let metadata = mysql_stmt_result_metadata(statement) else {
                if mysql_stmt_errno(statement) != 0 { throw failure(of: statement, on: connection) }
                return []
            }
            defer { mysql_free_result(metadata) }
            return FieldDescriptor.all(of: metadata).map(\.column)
        }
    }

    private static func failure(of statement: UnsafeMutablePointer<MYSQL_STMT>, on connection: MySQLConnection) -> MySQLFailure {
        MySQLFailure(code: mysql_stmt_errno(statement), message: connection.scrub(String(cString: mysql_stmt_error(statement))))
    }
}
