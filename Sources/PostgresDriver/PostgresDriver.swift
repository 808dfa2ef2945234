import Logging
import PostgresNIO
import SwitchyardCore
import SwitchyardDrivers

/// The PostgreSQL engine: one `PostgresClient` connection pool per stored connection.
///
/// The pool only works while `run()` runs; the server runs it in its own task group before
/// using the driver and ends it with `shutdown()`. Every wait for a pooled connection is
/// bounded by `connectTimeout`: a pool that cannot connect retries quietly, so when the wait
/// runs out the driver connects once by itself to learn, and report, the reason.
public final class PostgresDriver: DatabaseDriver {
    let client: PostgresClient
    let endpoint: PostgresEndpoint
    let errors: ErrorTranslator
    let canceller: StatementCanceller
    /// For connections made outside the pool (see `withOwnConnection`).
    let ownConnectionConfiguration: PostgresConnection.Configuration
    let types = TypeDirectory()
    let logger: Logger
    let connectTimeout: Duration
    let maxConnections: Int
    /// How long a table made by `createTemporaryTable` stays readable.
    let temporaryTableLifetime: Duration
    private let lifecycle = DriverLifecycle()
    let reachability = Reachability()

    /// - Parameters:
    ///   - settings: host/port/databaseName/userName/password, or a libpq `connectionString`
    ///     (URI or key=value) whose keywords win over the fields. `sslmode` is honoured as
    ///     libpq does; without one, TLS is tried and plain text accepted (libpq's `prefer`).
    ///   - secrets: values cut out of every error message (the password always is).
    ///   - connectTimeout: the limit for connecting (a network that does not answer), and for
    ///     waiting on a pooled connection.
    ///   - maxConnections: the pool's size.
    ///   - warmConnections: how many of those are opened as the pool starts and stay open while
    ///     the driver lives, so that statements find them ready; the rest open on demand and
    ///     close after 10 s idle. Each idle close is a timer the pool re-arms per statement, so
    ///     warm connections also make small statements cheaper.
    ///   - temporaryTableLifetime: how long a table made by `createTemporaryTable` is kept.
    /// - Throws: `DriverError.connectionFailed` for settings that cannot describe a server.
    public init(
        settings: PostgresSettings,
        secrets: [String],
        logger: Logger,
        connectTimeout: Duration = .seconds(10),
        maxConnections: Int = PostgresDriver.defaultPoolSize,
        warmConnections: Int = PostgresDriver.defaultWarmConnections,
        temporaryTableLifetime: Duration = .seconds(3600)
    ) throws {
        let endpoint = try PostgresEndpoint(settings: settings)
        let target = endpoint.socketPath ?? "\(endpoint.host):\(endpoint.port)"
        let errors = ErrorTranslator(secrets: secrets + [endpoint.password].compactMap { $0 }, target: target)
        do {
            ownConnectionConfiguration = try endpoint.connectionConfiguration(connectTimeout: connectTimeout)
        } catch {
            throw DriverError.connectionFailed(DriverError.scrub("could not set up TLS: \(error)", removing: errors.secrets))
        }
        canceller = StatementCanceller(configuration: ownConnectionConfiguration, timeout: connectTimeout, logger: logger)
        self.endpoint = endpoint
        self.errors = errors
        self.logger = logger
        self.connectTimeout = connectTimeout
        self.maxConnections = max(1, maxConnections)
        self.temporaryTableLifetime = temporaryTableLifetime
        client = PostgresClient(
            configuration: endpoint.clientConfiguration(
                connectTimeout: connectTimeout, maxConnections: maxConnections, warmConnections: warmConnections),
            backgroundLogger: logger
        )
    }

    /// Connections per pool unless told otherwise.
    public static let defaultPoolSize = 8

    /// Warm connections per pool unless told otherwise: few enough that an idle driver holds
    /// little of a server's `max_connections`, enough for a dashboard's statements to find
    /// a connection ready.
    public static let defaultWarmConnections = 2

    /// Runs the pool until `shutdown()` or until the calling task is cancelled.
    public func run() async {
        let client = self.client
        await lifecycle.run { await client.run() }
    }

    /// Stops `run()`, which closes the pooled connections (in-flight cursors then fail), and
    /// returns once it has.
    public func shutdown() async {
        await lifecycle.shutdown()
    }

    /// Connects on a connection of its own (not the pool's, whose retries would hide the
    /// reason) and runs `SELECT 1`, all within `connectTimeout`.
    public func test() async throws {
        try await probe(within: connectTimeout)
    }

    /// Waits, at most `connectTimeout`, until the pool can lend a connection; what follows
    /// then gets one at once. A pool that cannot connect retries quietly, so when the wait
    /// lasts a moment a connection of our own asks the server directly: a refusal fails the
    /// statement as fast as `test()` would, while a server that answers leaves the statement
    /// waiting for a pooled connection. When the wait runs out, says every pooled connection
    /// stayed busy.
    func awaitConnection() async throws {
        let client = self.client
        let outcome: PoolWait
        do {
            outcome = try await withThrowingTaskGroup(of: PoolWait.self) { group in
                group.addTask { [lifecycle] in
                    await lifecycle.started()
                    try await client.withConnection { _ in }
                    return .lent
                }
                // One watcher for the whole wait: a probe after a moment, then the limit.
                group.addTask {
                    let limit = ContinuousClock.now + self.connectTimeout
                    try await Alarm.wait(until: .now + .milliseconds(150))
                    // A pool that has not started is not failing to connect: nothing to ask.
                    if self.lifecycle.isRunning, self.reachability.needsProbe(), limit > .now {
                        try await self.probe(within: min(ContinuousClock.now.duration(to: limit), .seconds(3)))
                        self.reachability.answered()
                    }
                    try await Alarm.wait(until: limit)
                    return .waitedTooLong
                }
                defer { group.cancelAll() }
                return try await group.next() ?? .waitedTooLong
            }
        } catch {
            throw errors.translate(error)
        }
        guard outcome == .waitedTooLong else { return }
        guard lifecycle.isRunning else {
            throw DriverError.connectionFailed("the connection pool is not running (run() was not called, or has ended)")
        }
        // The early probe may not have finished in time: the server's refusal is the better reason.
        try await probe(within: min(connectTimeout, .seconds(3)))
        throw DriverError.connectionFailed(
            "all \(maxConnections) connections to \(errors.target) stayed busy for \(connectTimeout)"
        )
    }
}

/// How a wait for a pooled connection ended.
enum PoolWait: Sendable {
    case lent
    case waitedTooLong
}
