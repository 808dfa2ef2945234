/// What Switchyard asks of a database, whatever the engine. One value per stored connection
/// (and revision); it owns that connection's pool and is shut down when the connection
/// changes or the server stops. No HTTP types here: the server maps results to the wire.
public protocol DatabaseDriver: Sendable {
    /// Connects (or borrows a pooled connection) and runs a trivial statement. Throws
    /// `DriverError` with a message fit for the client (no secrets in it).
    func test() async throws

    func schemas() async throws -> [SchemaInfo]

    /// Tables of `schema` with their columns; only those in `names` when it is given.
    func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo]

    /// One table with its columns, or nil when it does not exist.
    func table(_ name: String, inSchema schema: String) async throws -> TableInfo?

    /// Starts `sql` and returns a cursor over its result. Rows come in batches as the database
    /// produces them, so a result of any size is read in flat memory. Cancelling the task that
    /// reads the cursor cancels the statement in the database.
    func query(_ sql: String) async throws -> any RowCursor

    /// The columns `sql` would return, without running it to completion.
    func describe(_ sql: String) async throws -> [ColumnInfo]

    /// Materialises `sql` as a temporary table and returns its quoted name. The table lives as
    /// long as the pooled connection that made it.
    func createTemporaryTable(from sql: String) async throws -> String

    /// Keeps the driver's background work (a connection pool's maintenance) going until
    /// `shutdown()` or cancellation. The server runs it in its own task group, so that every
    /// driver stops with the server. Drivers without background work return at once.
    func run() async

    /// Closes pooled connections; in-flight cursors finish first or fail.
    func shutdown() async
}

extension DatabaseDriver {
    public func run() async {}
}

/// A running statement's result, read batch by batch.
public protocol RowCursor: Sendable {
    var columns: [ColumnInfo] { get }

    /// The next rows (each as many values as `columns`), or nil at the end. Cancelling the
    /// calling task interrupts the statement in the database and throws `CancellationError`.
    func next() async throws -> [[SQLValue]]?

    /// Stops the statement early (the client went away, or a limit was reached) and frees
    /// what it holds. Safe to call more than once, and after the end.
    func close() async
}

/// A schema (or, for engines without schemas, a database) that holds tables.
public struct SchemaInfo: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var isDefault: Bool
    public var isHidden: Bool

    public init(name: String, description: String? = nil, isDefault: Bool, isHidden: Bool) {
        self.name = name
        self.description = description
        self.isDefault = isDefault
        self.isHidden = isHidden
    }
}

/// A table and its columns, in their declared order.
public struct TableInfo: Sendable, Equatable {
    public var schema: String
    public var name: String
    public var columns: [ColumnInfo]

    public init(schema: String, name: String, columns: [ColumnInfo]) {
        self.schema = schema
        self.name = name
        self.columns = columns
    }
}

/// A column: its name and the engine's own name for its type (e.g. `integer`, `varchar(20)`,
/// `timestamp with time zone`), the same whether read from a table or from a query.
public struct ColumnInfo: Sendable, Equatable {
    public var name: String
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}
