import Logging
import PostgresDriver

/// Everything the server is told at start-up, read once from the environment and flags.
public struct Configuration: Sendable {
    public var host = "127.0.0.1"
    public var port = 4000
    public var dataDirectory = "./switchyard-data"
    /// When set, the only token accepted; otherwise one is generated on first start.
    public var adminToken: String?
    /// Base64 of 32 bytes; otherwise the key file in the data directory is used (or made).
    public var masterKey: String?
    public var logLevel: Logger.Level = .info
    /// `text` for people, `json` for log collectors (one object per line).
    public var logFormat = LogFormat.text
    /// Larger request bodies are refused with 413.
    public var maxBodyBytes = 1 << 20
    /// Refuse every change to projects and connections (403).
    public var frozen = false
    /// Make the `default` project with its DuckDB connection on the first start.
    public var seedDefaultProject = true
    /// Caps on ad-hoc queries, and how long a connection test may take.
    public var queryLimits = QueryLimits()
    /// A connection's driver (and its pool) unused this long is closed, and reopened on demand.
    public var driverIdleLimit: Duration = .seconds(300)
    /// PostgreSQL connections each pool opens as it starts and keeps open while its driver
    /// lives (up to the pool's 8); the others open on demand and close after 10 s idle.
    public var postgresWarmConnections = PostgresDriver.defaultWarmConnections
    /// How long a table made by `sqlTemporaryTable` stays readable (PostgreSQL, MySQL).
    public var temporaryTableLifetime: Duration = .seconds(3600)
    /// Where the DuckDB library (and what it needs loaded first) is found; nil: no DuckDB.
    public var duckDBLibrary: String?
    public var duckDBPreload: String?
    public var duckDBExtensionDirectory: String?
    /// Where BigQuery's REST API is reached: Google's, or an emulator or private endpoint.
    public var bigQueryURL = "https://bigquery.googleapis.com"
    /// Rows per BigQuery result page: how many a streamed result holds in memory at once.
    public var bigQueryPageRows = 10_000
    /// Where Snowflake is reached instead of `https://<account>.snowflakecomputing.com`.
    public var snowflakeURL: String?
    /// Where DuckDB's GCS attachments are sent instead of Google (`http://host:port` for an
    /// emulator: path-style URLs, and TLS only for an https URL).
    public var gcsURL: String?

    /// Serve `/metrics` without the admin token (for a scraper on a trusted network).
    public var metricsOpen = false
    /// Where the web console's files are served from instead of the ones built in (for
    /// working on the console without rebuilding).
    public var consoleDirectory: String?

    public enum LogFormat: String, Sendable, LosslessStringConvertible {
        case text, json
        public init?(_ description: String) { self.init(rawValue: description.lowercased()) }
        public var description: String { rawValue }
    }

    public init() {}

    /// The environment variables that configure the server, one per setting.
    public enum Variable: String, CaseIterable, Sendable {
        case host = "SWITCHYARD_HOST"
        case port = "SWITCHYARD_PORT"
        case dataDirectory = "SWITCHYARD_DATA_DIR"
        case adminToken = "SWITCHYARD_ADMIN_TOKEN"
        case masterKey = "SWITCHYARD_MASTER_KEY"
        case logLevel = "SWITCHYARD_LOG_LEVEL"
        case logFormat = "SWITCHYARD_LOG_FORMAT"
        case metricsOpen = "SWITCHYARD_METRICS_OPEN"
        case consoleDirectory = "SWITCHYARD_CONSOLE_DIR"
        case maxBodyBytes = "SWITCHYARD_MAX_BODY_BYTES"
        case frozen = "SWITCHYARD_FROZEN"
        case maxRows = "SWITCHYARD_MAX_ROWS"
        case maxResultBytes = "SWITCHYARD_MAX_RESULT_BYTES"
        case queryTimeout = "SWITCHYARD_QUERY_TIMEOUT_SECONDS"
        case maxConcurrentQueries = "SWITCHYARD_MAX_CONCURRENT_QUERIES"
        case testTimeout = "SWITCHYARD_TEST_TIMEOUT_SECONDS"
        case driverIdleSeconds = "SWITCHYARD_DRIVER_IDLE_SECONDS"
        case postgresWarmConnections = "SWITCHYARD_POSTGRES_WARM_CONNECTIONS"
        case temporaryTableSeconds = "SWITCHYARD_TEMP_TABLE_SECONDS"
        case duckDBLibrary = "SWITCHYARD_DUCKDB_LIBRARY"
        case duckDBPreload = "SWITCHYARD_DUCKDB_PRELOAD"
        case duckDBExtensionDirectory = "SWITCHYARD_DUCKDB_EXTENSION_DIR"
        case bigQueryURL = "SWITCHYARD_BIGQUERY_URL"
        case bigQueryPageRows = "SWITCHYARD_BIGQUERY_PAGE_ROWS"
        case snowflakeURL = "SWITCHYARD_SNOWFLAKE_URL"
        case gcsURL = "SWITCHYARD_GCS_URL"
    }

    /// Defaults overridden by whichever variables are set; flags are applied on top by the caller.
    public init(environment: [String: String]) throws {
        func value(_ variable: Variable) -> String? {
            environment[variable.rawValue].flatMap { $0.isEmpty ? nil : $0 }
        }
        host = value(.host) ?? host
        if let text = value(.port) { port = try Self.parse(text, as: Int.self, variable: .port) }
        dataDirectory = value(.dataDirectory) ?? dataDirectory
        adminToken = value(.adminToken)
        masterKey = value(.masterKey)
        if let text = value(.logLevel) { logLevel = try Self.parse(text.lowercased(), as: Logger.Level.self, variable: .logLevel) }
        if let text = value(.logFormat) { logFormat = try Self.parse(text, as: LogFormat.self, variable: .logFormat) }
        if let text = value(.metricsOpen) { metricsOpen = ["1", "true", "yes"].contains(text.lowercased()) }
        consoleDirectory = value(.consoleDirectory)
        if let text = value(.maxBodyBytes) { maxBodyBytes = try Self.parse(text, as: Int.self, variable: .maxBodyBytes) }
        if let text = value(.frozen) { frozen = ["1", "true", "yes"].contains(text.lowercased()) }
        if let text = value(.maxRows) { queryLimits.maxRows = try Self.parse(text, as: Int.self, variable: .maxRows) }
        if let text = value(.maxResultBytes) {
            queryLimits.maxResultBytes = try Self.parse(text, as: Int.self, variable: .maxResultBytes)
        }
        if let text = value(.queryTimeout) {
            queryLimits.timeout = .seconds(try Self.parse(text, as: Double.self, variable: .queryTimeout))
        }
        if let text = value(.maxConcurrentQueries) {
            queryLimits.maxConcurrentQueries = try Self.parse(text, as: Int.self, variable: .maxConcurrentQueries)
        }
        if let text = value(.testTimeout) {
            queryLimits.testTimeout = .seconds(try Self.parse(text, as: Double.self, variable: .testTimeout))
        }
        if let text = value(.driverIdleSeconds) {
            driverIdleLimit = .seconds(try Self.parse(text, as: Double.self, variable: .driverIdleSeconds))
        }
        if let text = value(.postgresWarmConnections) {
            postgresWarmConnections = try Self.parse(text, as: Int.self, variable: .postgresWarmConnections)
            let poolSize = PostgresDriver.defaultPoolSize
            guard (0...poolSize).contains(postgresWarmConnections) else {
                throw Invalid(description: "\(Variable.postgresWarmConnections.rawValue) must be 0 to \(poolSize) (the pool's size)")
            }
        }
        if let text = value(.temporaryTableSeconds) {
            temporaryTableLifetime = .seconds(try Self.parse(text, as: Double.self, variable: .temporaryTableSeconds))
        }
        duckDBLibrary = value(.duckDBLibrary)
        duckDBPreload = value(.duckDBPreload)
        duckDBExtensionDirectory = value(.duckDBExtensionDirectory)
        bigQueryURL = value(.bigQueryURL) ?? bigQueryURL
        snowflakeURL = value(.snowflakeURL)
        gcsURL = value(.gcsURL)
        if let text = value(.bigQueryPageRows) {
            bigQueryPageRows = try Self.parse(text, as: Int.self, variable: .bigQueryPageRows)
            guard bigQueryPageRows > 0 else { throw Invalid(description: "SWITCHYARD_BIGQUERY_PAGE_ROWS must be positive") }
        }
    }

    /// A setting that cannot be used, named by its variable.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    private static func parse<T: LosslessStringConvertible>(_ text: String, as: T.Type, variable: Variable) throws -> T {
        guard let value = T(text) else { throw Invalid(description: "\(variable.rawValue) has an invalid value") }
        return value
    }
}
