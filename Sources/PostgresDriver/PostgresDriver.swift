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
    let catalog = TypeCatalog()
    let logger: Logger
    let connectTimeout: Duration
    let maxConnections: Int
    private let lifecycle = DriverLifecycle()

    /// - Parameters:
    ///   - settings: host/port/databaseName/userName/password, or a libpq `connectionString`
    ///     (URI or key=value) whose keywords win over the fields. `sslmode` is honoured as
    ///     libpq does; without one, TLS is tried and plain text accepted (libpq's `prefer`).
    ///   - secrets: values cut out of every error message (the password always is).
    ///   - connectTimeout: the limit for connecting, and for waiting on a pooled connection.
    ///   - maxConnections: the pool's size.
    /// - Throws: `DriverError.connectionFailed` for settings that cannot describe a server.
    public init(
        settings: PostgresSettings,
        secrets: [String],
        logger: Logger,
        connectTimeout: Duration = .seconds(10),
        maxConnections: Int = 8
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
        client = PostgresClient(
            configuration: endpoint.clientConfiguration(connectTimeout: connectTimeout, maxConnections: maxConnections),
            backgroundLogger: logger
        )
    }

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
    /// then gets one at once. When the wait runs out, reports why: the server's refusal if a
    /// connection of our own fails too, or else that every pooled connection stayed busy.
    func awaitConnection() async throws {
        let client = self.client
        let leased: Void?
        do {
            leased = try await Deadline.run(within: connectTimeout) { try await client.withConnection { _ in } }
        } catch {
            throw errors.translate(error)
        }
        guard leased == nil else { return }
        try Task.checkCancellation()
        guard lifecycle.isRunning else {
            throw DriverError.connectionFailed("the connection pool is not running (run() was not called, or has ended)")
        }
        try await probe(within: min(connectTimeout, .seconds(3)))
        throw DriverError.connectionFailed(
            "all \(maxConnections) connections to \(errors.target) stayed busy for \(connectTimeout)"
        )
    }
}
