import CMariaDB
import NIOPosix
import SwitchyardCore
import SwitchyardDrivers

/// The MySQL and MariaDB engine, over MariaDB Connector/C. Owns a small pool of handles and
/// the threads its blocking calls run on; one value per stored connection, shut down when
/// the connection changes or the server stops.
public final class MySQLDriver: DatabaseDriver {
    private let threads: NIOThreadPool
    private let executor: StatementExecutor
    /// The schema named in the settings: `schemas()` marks it as the default.
    private let defaultSchema: String?

    /// - Parameters:
    ///   - secrets: values cut out of every message before it leaves the driver (the
    ///     settings' password is always added).
    ///   - connectTimeoutSeconds: how long opening a connection may take.
    ///   - maxConnections: handles opened at most; further callers wait for one.
    public init(settings: MySQLSettings, secrets: [String], connectTimeoutSeconds: Int = 10, maxConnections: Int = 8) {
        let endpoint = MySQLEndpoint(settings: settings, secrets: secrets, connectTimeoutSeconds: connectTimeoutSeconds)
        let capacity = max(1, maxConnections)
        // One thread per handle, plus two so kills and clean-up never wait behind statements.
        threads = NIOThreadPool(numberOfThreads: capacity + 2)
        threads.start()
        let runner = BlockingRunner(threads: threads)
        executor = StatementExecutor(
            runner: runner,
            pool: ConnectionPool(capacity: capacity, endpoint: endpoint, runner: runner),
            killer: QueryKiller(endpoint: endpoint, runner: runner)
        )
        defaultSchema = settings.database
    }

    /// Stops the threads of a driver that was never shut down, so they do not outlive it.
    deinit {
        threads.shutdownGracefully { _ in }
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
            { try ResultStream.start(sql, on: $0) },
            abandon: { $0.abandon() }
        )
        guard !stream.isAtEnd else {
            await executor.giveBack(stream.connection, reusable: true)
            return MySQLRowCursor(emptyWith: executor)
        }
        return MySQLRowCursor(stream: stream, executor: executor)
    }

    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        try await executor.withConnection { try PreparedMetadata.columns(of: sql, on: $0) }
    }

    public func createTemporaryTable(from sql: String) async throws -> String {
        let name = "switchyard_tmp_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let quoted = SQLIdentifier.backquoted(name)
        try await executor.withConnection { try $0.execute("CREATE TEMPORARY TABLE \(quoted) AS \(sql)") }
        return quoted
    }

    public func shutdown() async {
        let idle = executor.pool.shutDown()
        await executor.runner.cleanUp {
            for connection in idle { connection.close() }
        }
        try? await threads.shutdownGracefully()
    }

    /// Runs a catalogue query built with the leased handle (which escapes its literals) and
    /// returns its rows as text.
    func catalogRows(_ build: @escaping @Sendable (MySQLConnection) throws -> String) async throws -> [[String?]] {
        try await executor.withConnection { connection in try connection.rows(build(connection)) }
    }

    var defaultSchemaName: String? { defaultSchema }
}
