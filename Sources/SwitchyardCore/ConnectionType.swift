/// The seven kinds of database a connection can reach.
public enum ConnectionType: String, Sendable, CaseIterable, Codable {
    case postgres, mysql, bigquery, snowflake, duckdb, motherduck, trino

    /// The member of a connection that holds this type's settings, e.g. `postgresConnection`.
    public var settingsKey: String { "\(rawValue)Connection" }

    /// What the platform's clients read to pick a SQL dialect and a way of working.
    public var attributes: ConnectionAttributes {
        switch self {
        case .postgres: ConnectionAttributes(dialectName: "postgres", isPool: true, canPersist: true, canStream: true)
        case .mysql: ConnectionAttributes(dialectName: "mysql", isPool: true, canPersist: true, canStream: true)
        case .bigquery:
            ConnectionAttributes(dialectName: "standardsql", isPool: false, canPersist: true, canStream: true)
        case .snowflake:
            ConnectionAttributes(dialectName: "snowflake", isPool: true, canPersist: true, canStream: true)
        case .duckdb: ConnectionAttributes(dialectName: "duckdb", isPool: false, canPersist: true, canStream: true)
        case .motherduck:
            ConnectionAttributes(dialectName: "duckdb", isPool: false, canPersist: true, canStream: true)
        case .trino: ConnectionAttributes(dialectName: "trino", isPool: false, canPersist: false, canStream: true)
        }
    }
}

/// Read-only facts about a connection type.
public struct ConnectionAttributes: Sendable, Equatable {
    public var dialectName: String
    public var isPool: Bool
    public var canPersist: Bool
    public var canStream: Bool
}
