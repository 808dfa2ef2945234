import AsyncHTTPClient
import BigQueryDriver
import DuckDBDriver
import Logging
import MySQLDriver
import PostgresDriver
import SnowflakeDriver
import SwitchyardCore
import SwitchyardDrivers
import TrinoDriver

/// Makes the driver for a connection's configuration. Each gets the connection's secret
/// values, which it cuts out of any message the database sends back.
struct DriverFactory: Sendable {
    /// Where DuckDB is loaded from; nil when this server has no DuckDB library configured.
    let duckDB: DuckDBRuntime?
    /// The one set of threads every blocking driver (MySQL, DuckDB) runs its calls on.
    let threads: BlockingExecutor
    /// The server's one HTTP client, for engines reached over HTTP.
    let httpClient: HTTPClient
    let logger: Logger
    /// PostgreSQL connections each pool keeps open while its driver lives.
    var postgresWarmConnections = PostgresDriver.defaultWarmConnections
    /// How long a table made by `sqlTemporaryTable` stays readable on PostgreSQL and MySQL.
    var temporaryTableLifetime: Duration = .seconds(3600)
    /// BigQuery's endpoint and the rows per result page.
    var bigQueryURL = "https://bigquery.googleapis.com"
    var bigQueryPageRows = 10_000
    /// Where Snowflake is reached instead of each account's own host (emulators, proxies).
    var snowflakeURL: String?
    /// Where DuckDB's GCS attachments go instead of Google (emulators, private endpoints).
    var gcsURL: String?

    /// The same, for a driver that is used once and closed (testing a connection that is not
    /// stored): its pool opens no connection ahead of need.
    var forOneUse: DriverFactory {
        var factory = self
        factory.postgresWarmConnections = 0
        return factory
    }

    func makeDriver(for config: ConnectionConfig) throws -> any DatabaseDriver {
        let secrets = config.secretValues
        switch config {
        case .postgres(let settings):
            return try PostgresDriver(
                settings: settings, secrets: secrets, logger: logger, warmConnections: postgresWarmConnections,
                temporaryTableLifetime: temporaryTableLifetime)
        case .mysql(let settings):
            return MySQLDriver(
                settings: settings, secrets: secrets, threads: threads, temporaryTableLifetime: temporaryTableLifetime)
        case .duckdb(let settings):
            guard let duckDB else {
                throw QueryError.noDriver("duckdb (set SWITCHYARD_DUCKDB_LIBRARY to DuckDB's library)")
            }
            return try DuckDBDriver(settings: settings, runtime: duckDB, secrets: secrets, threads: threads, gcsEndpoint: gcsURL)
        case .trino(let settings):
            return try TrinoDriver(settings: settings, secrets: secrets, client: httpClient)
        case .bigquery(let settings):
            return try BigQueryDriver(
                settings: settings, secrets: secrets, client: httpClient, apiURL: bigQueryURL,
                pageRows: bigQueryPageRows, temporaryTableLifetime: temporaryTableLifetime)
        case .snowflake(let settings):
            return try SnowflakeDriver(settings: settings, secrets: secrets, client: httpClient, overrideURL: snowflakeURL)
        case .motherduck(let settings):
            guard let duckDB else {
                throw QueryError.noDriver("motherduck (set SWITCHYARD_DUCKDB_LIBRARY to DuckDB's library)")
            }
            return try DuckDBDriver(motherDuck: settings, runtime: duckDB, secrets: secrets, threads: threads)
        }
    }
}
