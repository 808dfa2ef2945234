import SwitchyardCore
import SwitchyardDrivers

/// The `duckdb` connection type: an in-memory DuckDB database per stored connection, with its
/// PostgreSQL databases attached read-only and its object stores reachable through secrets,
/// sandboxed so that client SQL cannot touch this server's files, extensions or settings.
///
/// The database opens on first use, on the server's blocking threads (opening may connect to
/// PostgreSQL), so making a driver is cheap and `test()` reports connection problems.
public final class DuckDBDriver: DatabaseDriver {
    private let runtime: DuckDBRuntime
    private let plan: SetupPlan
    private let errors: ErrorMapper
    private let work: BlockingExecutor
    private let gate: DatabaseGate
    private let pool: HandlePool<DuckDBConnection>

    /// Throws for attachments that cannot be made from their settings alone; a missing
    /// extension (BigQuery's and Snowflake's are community builds an operator installs) is
    /// reported when the database opens. `secrets` are the connection's secret values
    /// (`ConnectionConfig.secretValues`), cut out of every message DuckDB sends back.
    /// `threads` run DuckDB's blocking calls; shared with other drivers and shut down by its
    /// owner, after this driver. `gcsEndpoint` replaces Google's host for GCS attachments.
    public convenience init(
        settings: DuckDBSettings, runtime: DuckDBRuntime, secrets: [String], threads: BlockingExecutor,
        maxConnections: Int = 8, gcsEndpoint: String? = nil
    ) throws {
        try self.init(
            plan: SetupPlan(settings: settings, gcsEndpoint: gcsEndpoint), runtime: runtime, secrets: secrets, threads: threads,
            maxConnections: maxConnections)
    }

    /// The `motherduck` connection type: DuckDB with the MotherDuck database attached, under
    /// the same sandbox.
    public convenience init(
        motherDuck settings: MotherDuckSettings, runtime: DuckDBRuntime, secrets: [String], threads: BlockingExecutor
    ) throws {
        self.init(plan: SetupPlan(motherDuck: settings), runtime: runtime, secrets: secrets, threads: threads, maxConnections: 8)
    }

    private init(plan: SetupPlan, runtime: DuckDBRuntime, secrets: [String], threads: BlockingExecutor, maxConnections: Int) {
        self.plan = plan
        self.runtime = runtime
        self.errors = ErrorMapper(secrets: secrets)
        self.work = threads
        let gate = DatabaseGate()
        self.gate = gate
        // Connections idle for five minutes are closed; they are cheap to open again.
        self.pool = HandlePool(
            .init(capacity: maxConnections, closeAfter: .seconds(300)), executor: threads,
            shutDownError: .unavailable("the DuckDB connection has shut down"),
            open: {
                guard let database = gate.current else { throw DriverError.unavailable("the DuckDB connection has shut down") }
                do {
                    return try database.connect()
                } catch let failure as DuckDBFailure {
                    throw DriverError.connectionFailed(failure.message)
                }
            },
            close: { $0.disconnect() })
    }

    public func test() async throws {
        _ = try await withConnection(reusable: true) { connection, _ in try connection.run("SELECT 1") }
    }

    public func schemas() async throws -> [SchemaInfo] {
        try await withConnection(reusable: true) { connection, database in
            SchemaQueries.schemaInfos(try connection.rows(SchemaQueries.schemas), defaultDatabase: database.defaultDatabase)
        }
    }

    public func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] {
        if let names, names.isEmpty { return [] }
        return try await withConnection(reusable: true) { connection, database in
            let rows = try connection.rows(
                SchemaQueries.columns(tableCount: names?.count),
                parameters: [database.defaultDatabase, schema] + (names ?? []))
            return SchemaQueries.tableInfos(rows, schema: schema)
        }
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        try await tables(inSchema: schema, named: [name]).first
    }

    public func query(_ sql: String) async throws -> any RowCursor {
        try StatementGuard.check(sql)
        let (database, connection) = try await lease()
        let cancel = CancelFlag()
        let pool = self.pool
        let errors = errors
        let started = await work.run(interruptible: cancel, interrupt: { connection.interrupt() }) {
            let started = try connection.startStreaming(sql, keywords: database.keywords, cancel: cancel)
            return QueryStream(started, connection: connection, pool: pool, errors: errors)
        }
        switch started {
        case .success(let stream):
            return BlockingCursor(columns: stream.columns, stream: stream, executor: work)
        case .failure(let error):
            // The statement failed or was stopped: the session may be anything now.
            await pool.release(connection, reusable: false)
            throw errors.statement(error, cancelled: cancel.isRaised || Task.isCancelled)
        }
    }

    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        try StatementGuard.check(sql)
        return try await withConnection(reusable: true) { connection, database in
            let statement = try PreparedStatement(connection: connection, sql: sql)
            defer { statement.destroy() }
            return try statement.columns(keywords: database.keywords)
        }
    }

    /// A table in the in-memory database's `main` schema, so that every pooled connection sees
    /// it (a DuckDB TEMP table is private to one connection, and the next statement may run on
    /// another). It lives until the driver shuts down; the name returned resolves from any
    /// connection, since each starts in `main`.
    public func createTemporaryTable(from sql: String) async throws -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let name = SQLIdentifier.doubleQuoted("switchyard_tmp_" + String(repeating: "0", count: 16 - random.count) + random)
        let database = try await gate.database(open: openDatabase, discard: closeDatabase)
        let target = SQLIdentifier.doubleQuoted(database.defaultDatabase) + ".\"main\"." + name
        try await query("CREATE TABLE \(target) AS \(sql)").drain()
        return name
    }

    public func shutdown() async {
        // Leased connections are interrupted, and disconnected when their cursors give them back.
        for connection in await pool.shutdown() { connection.interrupt() }
        let database = gate.shutDown()
        await work.cleanUp { database?.close() }
    }

    // MARK: - Connections

    private var openDatabase: @Sendable () async throws -> DuckDBDatabase {
        { [work, runtime, plan, errors] in
            try await work.run { try DuckDBDatabase.open(runtime: runtime, plan: plan, errors: errors) }
        }
    }

    private var closeDatabase: @Sendable (DuckDBDatabase) async -> Void {
        { [work] database in await work.cleanUp { database.close() } }
    }

    private func lease() async throws -> (DuckDBDatabase, DuckDBConnection) {
        let database = try await gate.database(open: openDatabase, discard: closeDatabase)
        let connection = try await pool.lease()
        return (database, connection)
    }

    /// Runs a short statement of the driver's own on a pooled connection.
    private func withConnection<T: Sendable>(
        reusable: Bool, _ body: @escaping @Sendable (DuckDBConnection, DuckDBDatabase) throws -> T
    ) async throws -> T {
        let (database, connection) = try await lease()
        let outcome = await work.run(interruptible: CancelFlag(), interrupt: { connection.interrupt() }) {
            try body(connection, database)
        }
        await pool.release(connection, reusable: reusable)
        return try outcome.mapError { errors.statement($0, cancelled: Task.isCancelled) }.get()
    }
}
