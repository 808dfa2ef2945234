import NIOPosix
import SwitchyardCore
import SwitchyardDrivers

/// The `duckdb` connection type: an in-memory DuckDB database per stored connection, with its
/// PostgreSQL databases attached read-only and its object stores reachable through secrets,
/// sandboxed so that client SQL cannot touch this server's files, extensions or settings.
///
/// The database opens on first use, on the driver's own threads (opening may connect to
/// PostgreSQL), so making a driver is cheap and `test()` reports connection problems.
public final class DuckDBDriver: DatabaseDriver {
    private let runtime: DuckDBRuntime
    private let plan: SetupPlan
    private let errors: ErrorMapper
    private let threads: NIOThreadPool
    private let work: BlockingWork
    private let gate = DatabaseGate()
    private let pool: ConnectionPool

    /// Throws `DriverError.unavailable` for attachments this server cannot serve (BigQuery,
    /// Snowflake). `secrets` are the connection's secret values
    /// (`ConnectionConfig.secretValues`), cut out of every message DuckDB sends back.
    public init(settings: DuckDBSettings, runtime: DuckDBRuntime, secrets: [String], maxConnections: Int = 8) throws {
        self.plan = try SetupPlan(settings: settings)
        self.runtime = runtime
        self.errors = ErrorMapper(secrets: secrets)
        self.pool = ConnectionPool(limit: maxConnections)
        // One thread per connection: every blocking call is made by a connection's borrower.
        self.threads = NIOThreadPool(numberOfThreads: max(1, maxConnections))
        self.threads.start()
        self.work = BlockingWork(threads: threads)
    }

    deinit {
        // Without `shutdown()` the threads would outlive the driver; stopping them twice is harmless.
        threads.shutdownGracefully { _ in }
    }

    public func test() async throws {
        _ = try await withConnection(reusable: true) { connection, _ in try connection.run("SELECT 1") }
    }

    public func schemas() async throws -> [SchemaInfo] {
        try await withConnection(reusable: true) { connection, database in
            CatalogQueries.schemaInfos(try connection.rows(CatalogQueries.schemas), defaultCatalog: database.defaultCatalog)
        }
    }

    public func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] {
        if let names, names.isEmpty { return [] }
        return try await withConnection(reusable: true) { connection, database in
            let rows = try connection.rows(
                CatalogQueries.columns(tableCount: names?.count),
                parameters: [database.defaultCatalog, schema] + (names ?? []))
            return CatalogQueries.tableInfos(rows, schema: schema)
        }
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        try await tables(inSchema: schema, named: [name]).first
    }

    public func query(_ sql: String) async throws -> any RowCursor {
        try FunctionGuard.check(sql)
        let (database, connection) = try await lease()
        let cancel = CancelFlag()
        let pool = self.pool
        do {
            let stream = try await withTaskCancellationHandler {
                try await work.run {
                    let started = try connection.startStreaming(sql, keywords: database.keywords, cancel: cancel)
                    return QueryStream(started, connection: connection, pool: pool)
                }
            } onCancel: {
                cancel.raise()
                connection.interrupt()
            }
            return DuckDBCursor(stream, work: work, errors: errors)
        } catch {
            // The statement failed or was stopped: the session may be anything now.
            await work.cleanup { pool.release(connection, reusable: false) }
            throw errors.statement(error, cancelled: cancel.isRaised || Task.isCancelled)
        }
    }

    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        try FunctionGuard.check(sql)
        return try await withConnection(reusable: true) { connection, database in
            let statement = try PreparedStatement(connection: connection, sql: sql)
            defer { statement.destroy() }
            return try statement.columns(keywords: database.keywords)
        }
    }

    /// A table in the in-memory catalog's `main` schema, so that every pooled connection sees
    /// it (a DuckDB TEMP table is private to one connection, and the next statement may run on
    /// another). It lives until the driver shuts down; the name returned resolves from any
    /// connection, since each starts in `main`.
    public func createTemporaryTable(from sql: String) async throws -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let name = SQLIdentifier.doubleQuoted("switchyard_tmp_" + String(repeating: "0", count: 16 - random.count) + random)
        let database = try await gate.database(open: openDatabase, discard: closeDatabase)
        let target = SQLIdentifier.doubleQuoted(database.defaultCatalog) + ".\"main\"." + name
        let cursor = try await query("CREATE TABLE \(target) AS \(sql)")
        do {
            while try await cursor.next() != nil {}
        } catch {
            await cursor.close()
            throw error
        }
        await cursor.close()
        return name
    }

    public func shutdown() async {
        let (idle, leased) = pool.close()
        for connection in leased { connection.interrupt() }
        let database = gate.shutDown()
        await work.cleanup {
            for connection in idle { connection.disconnect() }
            database?.close()
        }
        try? await threads.shutdownGracefully()
    }

    // MARK: - Connections

    private var openDatabase: @Sendable () async throws -> DuckDBDatabase {
        { [work, runtime, plan, errors] in
            try await work.run { try DuckDBDatabase.open(runtime: runtime, plan: plan, errors: errors) }
        }
    }

    private var closeDatabase: @Sendable (DuckDBDatabase) async -> Void {
        { [work] database in await work.cleanup { database.close() } }
    }

    private func lease() async throws -> (DuckDBDatabase, DuckDBConnection) {
        let database = try await gate.database(open: openDatabase, discard: closeDatabase)
        let connection = try await pool.lease { [work] in
            do {
                return try await work.run { try database.connect() }
            } catch let failure as DuckDBFailure {
                throw DriverError.connectionFailed(failure.message)
            }
        }
        return (database, connection)
    }

    /// Runs a short statement of the driver's own on a pooled connection.
    private func withConnection<T: Sendable>(
        reusable: Bool, _ body: @escaping @Sendable (DuckDBConnection, DuckDBDatabase) throws -> T
    ) async throws -> T {
        let (database, connection) = try await lease()
        let pool = self.pool
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await withTaskCancellationHandler {
                try await work.run { try body(connection, database) }
            } onCancel: {
                connection.interrupt()
            })
        } catch {
            outcome = .failure(errors.statement(error, cancelled: Task.isCancelled))
        }
        await work.cleanup { pool.release(connection, reusable: reusable) }
        return try outcome.get()
    }
}
