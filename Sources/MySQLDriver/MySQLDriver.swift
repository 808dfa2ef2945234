import CMariaDB
import SwitchyardCore
import SwitchyardDrivers

/// The MySQL and MariaDB engine, over MariaDB Connector/C. Owns a small pool of handles; its
/// blocking calls run on the server's shared `BlockingExecutor`. One value per stored
/// connection, shut down when the connection changes or the server stops.
public final class MySQLDriver: DatabaseDriver {
    private let executor: StatementExecutor
    /// The schema named in the settings: `schemas()` marks it as the default.
    private let defaultSchema: String?
    /// How long a table made by `createTemporaryTable` stays readable.
    private let temporaryTableLifetime: Duration

    /// - Parameters:
    ///   - secrets: values cut out of every message before it leaves the driver (the
    ///     settings' password is always added).
    ///   - threads: where Connector/C's blocking calls run; shared with other drivers and
    ///     shut down by its owner, after this driver.
    ///   - connectTimeoutSeconds: how long opening a connection may take.
    ///   - maxConnections: handles opened at most; further callers wait for one.
    ///   - temporaryTableLifetime: how long a table made by `createTemporaryTable` is kept.
    public init(
        settings: MySQLSettings, secrets: [String], threads: BlockingExecutor,
        connectTimeoutSeconds: Int = 10, maxConnections: Int = 8, temporaryTableLifetime: Duration = .seconds(3600)
    ) {
        let endpoint = MySQLEndpoint(settings: settings, secrets: secrets, connectTimeoutSeconds: connectTimeoutSeconds)
        // Handles idle for half a minute are pinged before reuse: servers drop idle sessions.
        let pool = HandlePool<MySQLConnection>(
            .init(capacity: maxConnections, checkAfter: .seconds(30)), executor: threads,
            shutDownError: .unavailable("the MySQL driver has been shut down"),
            open: {
                do throws(MySQLFailure) {
                    return try MySQLConnection.open(endpoint)
                } catch {
                    throw DriverError.connectionFailed(error.message)
                }
            },
            isAlive: { $0.isAlive() },
            close: { $0.close() })
        executor = StatementExecutor(threads: threads, pool: pool, killer: QueryKiller(endpoint: endpoint, threads: threads))
        defaultSchema = settings.database
        self.temporaryTableLifetime = temporaryTableLifetime
    }

    public func test() async throws {
        do {
            try await executor.withConnection { try $0.execute("SELECT 1") }
        } catch DriverError.statementFailed(let message) {
            throw DriverError.connectionFailed(message)
        }
    }

    public func query(_ sql: String) async throws -> any RowCursor {
        let executor = executor
        let (_, stream) = try await executor.leased(
            { try UnbufferedResult.start(sql, on: $0) },
            abandon: { $0.abandon() }
        )
        guard !stream.isAtEnd else {
            await executor.giveBack(stream.connection, reusable: true)
            return BlockingCursor<StatementStream>(columns: [], stream: nil, executor: executor.threads)
        }
        return BlockingCursor(
            columns: stream.fields.map(\.column), stream: StatementStream(result: stream, executor: executor),
            executor: executor.threads)
    }

    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        try await executor.withConnection { try PreparedMetadata.columns(of: sql, on: $0) }
    }

    /// A MySQL `TEMPORARY` table lives in the session that made it, and a later statement may
    /// run on another pooled session; so the table is an ordinary one in the connection's
    /// database, named `switchyard_tmp_<expiry>_<random>`, readable from every session until
    /// its expiry, after which the next call drops it.
    public func createTemporaryTable(from sql: String) async throws -> String {
        let name = SQLIdentifier.backquoted(ScratchTableName(prefix: Self.scratchPrefix, lifetime: temporaryTableLifetime).text)
        await dropExpiredScratchTables()
        try await executor.withConnection { try $0.execute("CREATE TABLE \(name) AS \(sql)") }
        return name
    }

    static let scratchPrefix = "switchyard_"

    /// Drops the scratch tables of the current database whose expiry has passed; a failure
    /// only leaves them for later.
    private func dropExpiredScratchTables() async {
        guard let rows = try? await metadataRows({ connection in
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE "
                + (try connection.literal(Self.scratchPrefix + "tmp\\_%"))
        }) else { return }
        let expired = rows.compactMap { $0.first ?? nil }
            .compactMap { ScratchTableName(parsing: $0, prefix: Self.scratchPrefix) }
            .filter { $0.hasExpired() }
        for name in expired {
            _ = try? await executor.withConnection { try $0.execute("DROP TABLE IF EXISTS \(SQLIdentifier.backquoted(name.text))") }
        }
    }

    public func shutdown() async {
        // Leased handles close when their statements give them back.
        await executor.pool.shutdown()
    }

    /// Runs a metadata query built with the leased handle (which escapes its literals) and
    /// returns its rows as text.
    func metadataRows(_ build: @escaping @Sendable (MySQLConnection) throws -> String) async throws -> [[String?]] {
        try await executor.withConnection { connection in try connection.rows(build(connection)) }
    }

    var defaultSchemaName: String? { defaultSchema }
}
