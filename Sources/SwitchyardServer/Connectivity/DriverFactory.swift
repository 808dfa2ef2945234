import AsyncHTTPClient
import DuckDBDriver
import Logging
import MySQLDriver
import PostgresDriver
import SwitchyardCore
import SwitchyardDrivers
import TrinoDriver

/// Makes the driver for a connection's configuration. Each gets the connection's secret
/// values, which it cuts out of any message the database sends back.
struct DriverFactory: Sendable {
    /// Where DuckDB is loaded from; nil when this server has no DuckDB library configured.
    let duckDB: DuckDBRuntime?
    /// The server's one HTTP client, for engines reached over HTTP.
    let httpClient: HTTPClient
    let logger: Logger

    func makeDriver(for config: ConnectionConfig) throws -> any DatabaseDriver {
        let secrets = config.secretValues
        switch config {
        case .postgres(let settings):
            return try PostgresDriver(settings: settings, secrets: secrets, logger: logger)
        case .mysql(let settings):
            return MySQLDriver(settings: settings, secrets: secrets)
        case .duckdb(let settings):
            guard let duckDB else {
                throw QueryError.noDriver("duckdb (set SWITCHYARD_DUCKDB_LIBRARY to DuckDB's library)")
            }
            return try DuckDBDriver(settings: settings, runtime: duckDB, secrets: secrets)
        case .trino(let settings):
            return try TrinoDriver(settings: settings, secrets: secrets, client: httpClient)
        case .bigquery, .snowflake, .motherduck:
            throw QueryError.noDriver(config.type.rawValue)
        }
    }
}
