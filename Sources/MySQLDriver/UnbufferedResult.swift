import CMariaDB
import SwitchyardDrivers

/// An unbuffered result (`mysql_use_result`): rows are read from the socket as the server
/// sends them, so memory stays flat whatever the size. While it is open its connection can
/// do nothing else. Used by one holder at a time (the cursor's state guards it), hence
/// `@unchecked Sendable`; every method blocks.
final class UnbufferedResult: @unchecked Sendable {
    let connection: MySQLConnection
    let fields: [FieldDescriptor]
    private let result: UnsafeMutablePointer<MYSQL_RES>?
    /// True once the last row was read (or the statement had no rows to send at all).
    private(set) var isAtEnd: Bool

    private init(connection: MySQLConnection, result: UnsafeMutablePointer<MYSQL_RES>?) {
        self.connection = connection
        self.result = result
        fields = result.map(FieldDescriptor.all(of:)) ?? []
        isAtEnd = result == nil
    }

    /// Sends `sql` and opens its result. A statement without a result set (DDL, DML) gives
    /// a stream that is already at its end, with no columns.
    static func start(_ sql: String, on connection: MySQLConnection) throws(MySQLFailure) -> UnbufferedResult {
        try connection.send(sql)
        let result = try connection.withHandle { handle throws(MySQLFailure) -> UnsafeMutablePointer<MYSQL_RES>? in
            if let result = mysql_use_result(handle) { return result }
            if mysql_field_count(handle) > 0 { throw connection.failure() }
            return nil
        }
        let stream = UnbufferedResult(connection: connection, result: result)
        if result == nil { try connection.skipMoreResults() }
        return stream
    }

    /// Reads up to `maxRows` rows, stopping early past `maxBytes` of cell data so wide rows
    /// still come in bounded batches. Sets `isAtEnd` when the result is exhausted.
    func fetch(maxRows: Int, maxBytes: Int) throws(MySQLFailure) -> [[SQLValue]] {
        guard let result, !isAtEnd else { return [] }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(min(maxRows, 1024))
        var bytes = 0
        while rows.count < maxRows, bytes < maxBytes {
            guard let row = mysql_fetch_row(result), let lengths = mysql_fetch_lengths(result) else {
                let failure = connection.failure()
                if failure.code != 0 { throw failure }
                isAtEnd = true
                break
            }
            var values: [SQLValue] = []
            values.reserveCapacity(fields.count)
            for (column, field) in fields.enumerated() {
                let length = Int(lengths[column])
                bytes += length
                values.append(field.value(row[column], length: length))
            }
            rows.append(values)
        }
        return rows
    }

    /// Frees the result, reading whatever the server still sends (quick once the statement
    /// ended or was killed), and any further result sets, leaving the handle ready.
    func finish() throws(MySQLFailure) {
        if let result { mysql_free_result(result) }
        let failure = connection.failure()
        if failure.isConnectionLevel { throw failure }
        try connection.skipMoreResults()
    }

    /// Frees the result without reading the rest, for a handle about to be closed: reading
    /// on would wait for a statement that may run for a long time yet.
    func abandon() {
        guard let result else { return }
        result.pointee.handle = nil  // tells mysql_free_result not to skip the remaining rows
        mysql_free_result(result)
    }
}
