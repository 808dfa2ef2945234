/// A connection's settings: exactly one type's object. Encoded as the connection's wire
/// member, e.g. `{"postgresConnection": {...}}`, which is also how it is stored.
public enum ConnectionConfig: Sendable, Equatable {
    case postgres(PostgresSettings)
    case mysql(MySQLSettings)
    case bigquery(BigQuerySettings)
    case snowflake(SnowflakeSettings)
    case duckdb(DuckDBSettings)
    case motherduck(MotherDuckSettings)
    case trino(TrinoSettings)

    public var type: ConnectionType {
        switch self {
        case .postgres: .postgres
        case .mysql: .mysql
        case .bigquery: .bigquery
        case .snowflake: .snowflake
        case .duckdb: .duckdb
        case .motherduck: .motherduck
        case .trino: .trino
        }
    }

    /// Picks the one type object a request carries; zero or several is an error.
    public init(
        postgres: PostgresSettings? = nil, mysql: MySQLSettings? = nil, bigquery: BigQuerySettings? = nil,
        snowflake: SnowflakeSettings? = nil, duckdb: DuckDBSettings? = nil, motherduck: MotherDuckSettings? = nil,
        trino: TrinoSettings? = nil
    ) throws {
        let given: [ConnectionConfig] = [
            postgres.map(Self.postgres), mysql.map(Self.mysql), bigquery.map(Self.bigquery),
            snowflake.map(Self.snowflake), duckdb.map(Self.duckdb), motherduck.map(Self.motherduck),
            trino.map(Self.trino),
        ].compactMap { $0 }
        guard given.count == 1, let only = given.first else {
            throw SwitchyardError.wrongNumberOfTypeObjects(given.map(\.type.settingsKey))
        }
        self = only
    }

    /// The settings object, whatever its type.
    public var settings: any ConnectionSettings {
        switch self {
        case .postgres(let settings): settings
        case .mysql(let settings): settings
        case .bigquery(let settings): settings
        case .snowflake(let settings): settings
        case .duckdb(let settings): settings
        case .motherduck(let settings): settings
        case .trino(let settings): settings
        }
    }

    /// Checks that the settings are complete enough to connect with.
    public func validate() throws {
        try settings.validate(at: type.settingsKey)
    }

    /// The same configuration with every secret removed, and the paths of those secrets.
    public func redacted() -> Redacted<ConnectionConfig> {
        let path = type.settingsKey
        func keep<S: ConnectionSettings>(_ settings: S, _ wrap: (S) -> ConnectionConfig) -> Redacted<ConnectionConfig> {
            let redacted = settings.redacted(at: path)
            return Redacted(settings: wrap(redacted.settings), secretsSet: redacted.secretsSet)
        }
        switch self {
        case .postgres(let settings): return keep(settings, Self.postgres)
        case .mysql(let settings): return keep(settings, Self.mysql)
        case .bigquery(let settings): return keep(settings, Self.bigquery)
        case .snowflake(let settings): return keep(settings, Self.snowflake)
        case .duckdb(let settings): return keep(settings, Self.duckdb)
        case .motherduck(let settings): return keep(settings, Self.motherduck)
        case .trino(let settings): return keep(settings, Self.trino)
        }
    }
}

extension ConnectionConfig: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case postgresConnection, mysqlConnection, bigqueryConnection, snowflakeConnection
        case duckdbConnection, motherduckConnection, trinoConnection
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        try self.init(
            postgres: container.decodeIfPresent(PostgresSettings.self, forKey: .postgresConnection),
            mysql: container.decodeIfPresent(MySQLSettings.self, forKey: .mysqlConnection),
            bigquery: container.decodeIfPresent(BigQuerySettings.self, forKey: .bigqueryConnection),
            snowflake: container.decodeIfPresent(SnowflakeSettings.self, forKey: .snowflakeConnection),
            duckdb: container.decodeIfPresent(DuckDBSettings.self, forKey: .duckdbConnection),
            motherduck: container.decodeIfPresent(MotherDuckSettings.self, forKey: .motherduckConnection),
            trino: container.decodeIfPresent(TrinoSettings.self, forKey: .trinoConnection)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .postgres(let settings): try container.encode(settings, forKey: .postgresConnection)
        case .mysql(let settings): try container.encode(settings, forKey: .mysqlConnection)
        case .bigquery(let settings): try container.encode(settings, forKey: .bigqueryConnection)
        case .snowflake(let settings): try container.encode(settings, forKey: .snowflakeConnection)
        case .duckdb(let settings): try container.encode(settings, forKey: .duckdbConnection)
        case .motherduck(let settings): try container.encode(settings, forKey: .motherduckConnection)
        case .trino(let settings): try container.encode(settings, forKey: .trinoConnection)
        }
    }
}
