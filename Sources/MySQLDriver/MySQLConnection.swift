import CMariaDB
import SwitchyardDrivers

/// One Connector/C handle. Every method blocks, so it is only called on the driver's
/// threads. It is `@unchecked Sendable` because ownership moves between threads through the
/// pool's lease: one holder at a time uses it, which is all Connector/C requires.
final class MySQLConnection: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<MYSQL>
    private let endpoint: MySQLEndpoint

    /// The server's id for this session, as `KILL QUERY` names it. Read once after
    /// connecting (it cannot change: reconnect is off), so other threads may read it while
    /// the handle is busy.
    let threadID: UInt

    private init(handle: UnsafeMutablePointer<MYSQL>, endpoint: MySQLEndpoint) {
        self.handle = handle
        self.endpoint = endpoint
        threadID = mysql_thread_id(handle)
    }

    /// Opens a connection with timeouts, utf8mb4, no automatic reconnect (a silent reconnect
    /// would lose temporary tables and session state) and no `LOAD DATA LOCAL`.
    static func open(_ endpoint: MySQLEndpoint) throws(MySQLFailure) -> MySQLConnection {
        MariaDBLibrary.prepareCurrentThread()
        guard let handle = mysql_init(nil) else {
            throw MySQLFailure(code: 2008, message: "MySQL client ran out of memory")
        }
        var connectTimeout = endpoint.connectTimeout
        var readTimeout = endpoint.readTimeout
        var writeTimeout = endpoint.writeTimeout
        var off: my_bool = 0
        var noLocalFiles: UInt32 = 0
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &connectTimeout)
        mysql_options(handle, MYSQL_OPT_READ_TIMEOUT, &readTimeout)
        mysql_options(handle, MYSQL_OPT_WRITE_TIMEOUT, &writeTimeout)
        mysql_options(handle, MYSQL_OPT_RECONNECT, &off)
        mysql_options(handle, MYSQL_OPT_LOCAL_INFILE, &noLocalFiles)
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        let connected = mysql_real_connect(
            handle,
            endpoint.host,
            endpoint.user,
            endpoint.password,
            endpoint.database,
            endpoint.port,
            nil,
            0
        )
        let connection = MySQLConnection(handle: handle, endpoint: endpoint)
        guard connected != nil else {
            let failure = connection.failure()
            connection.close()
            throw failure
        }
        return connection
    }

    /// The last error on this handle, scrubbed of secrets.
    func failure() -> MySQLFailure {
        MySQLFailure(code: mysql_errno(handle), message: scrub(String(cString: mysql_error(handle))))
    }

    /// `message` without this connection's secrets.
    func scrub(_ message: String) -> String { endpoint.scrub(message) }

    /// Sends `sql` and reads the server's first answer (for a query, its column definitions).
    func send(_ sql: String) throws(MySQLFailure) {
        let status = sql.withCString { mysql_real_query(handle, $0, UInt(sql.utf8.count)) }
        if status != 0 { throw failure() }
    }

    /// Runs a statement and discards whatever it returns, leaving the handle ready.
    func execute(_ sql: String) throws(MySQLFailure) {
        try send(sql)
        if mysql_field_count(handle) > 0 {
            mysql_free_result(mysql_use_result(handle))
        }
        try skipMoreResults()
    }

    /// Runs a query and returns all its rows as text: for small metadata queries.
    func rows(_ sql: String) throws(MySQLFailure) -> [[String?]] {
        try send(sql)
        guard let result = mysql_store_result(handle) else {
            if mysql_field_count(handle) > 0 { throw failure() }
            return []
        }
        defer { mysql_free_result(result) }
        let width = Int(mysql_num_fields(result))
        var rows: [[String?]] = []
        while let row = mysql_fetch_row(result), let lengths = mysql_fetch_lengths(result) {
            rows.append(
                (0..<width).map { column in
                    row[column].map { String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(lengths[column])), as: UTF8.self) }
                }
            )
        }
        try skipMoreResults()
        return rows
    }

    /// Reads past any further result sets (a `CALL` sends a status after its rows), so the
    /// next statement does not fail with "commands out of sync".
    func skipMoreResults() throws(MySQLFailure) {
        while mysql_more_results(handle) != 0 {
            let status = mysql_next_result(handle)
            if status > 0 { throw failure() }
            if status < 0 { break }
            if mysql_field_count(handle) > 0 { mysql_free_result(mysql_use_result(handle)) }
        }
    }

    /// `text` as a quoted SQL string literal, escaped by the client library for this
    /// connection's character set and SQL mode (`NO_BACKSLASH_ESCAPES` included).
    func literal(_ text: String) throws(MySQLFailure) -> String {
        let source = Array(text.utf8)
        var escaped = [CChar](repeating: 0, count: source.count * 2 + 1)
        let length = source.withUnsafeBufferPointer { from in
            from.withMemoryRebound(to: CChar.self) {
                mysql_real_escape_string(handle, &escaped, $0.baseAddress, UInt($0.count))
            }
        }
        guard length != UInt.max else {
            throw MySQLFailure(code: 2000, message: "could not escape a string for this connection")
        }
        let bytes = escaped.prefix(Int(length)).map { UInt8(bitPattern: $0) }
        return "'" + String(decoding: bytes, as: UTF8.self) + "'"
    }

    /// Whether the server still answers; for handles that sat idle in the pool.
    func isAlive() -> Bool { mysql_ping(handle) == 0 }

    /// Runs `body` with the raw handle, for result sets and prepared statements.
    func withHandle<T>(_ body: (UnsafeMutablePointer<MYSQL>) throws(MySQLFailure) -> T) throws(MySQLFailure) -> T {
        try body(handle)
    }

    /// Sends `COM_QUIT` and frees the handle. Called exactly once, by whoever discards it.
    func close() { mysql_close(handle) }
}
