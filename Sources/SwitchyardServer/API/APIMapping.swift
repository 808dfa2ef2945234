import SwitchyardAPI
import SwitchyardCore

/// Domain values as the wire shapes of `openapi.yaml`.
extension Components.Schemas.Project {
    init(_ project: ProjectView) {
        self.init(
            resource: "/api/v0/projects/\(project.name)", name: project.name, readme: project.readme,
            location: project.location, connections: project.connections.map(Components.Schemas.Connection.init),
            packages: [])
    }
}

extension Components.Schemas.Connection {
    init(_ connection: ConnectionView) {
        let type = connection.config.type
        let attributes = type.attributes
        self.init(
            resource: "/api/v0/projects/\(connection.project)/connections/\(connection.name)",
            name: connection.name,
            _type: Components.Schemas.ConnectionType(rawValue: type.rawValue),
            attributes: .init(
                dialectName: attributes.dialectName, isPool: attributes.isPool, canPersist: attributes.canPersist,
                canStream: attributes.canStream),
            secretsSet: connection.secretsSet)
        switch connection.config {
        case .postgres(let settings): postgresConnection = settings
        case .mysql(let settings): mysqlConnection = settings
        case .bigquery(let settings): bigqueryConnection = settings
        case .snowflake(let settings): snowflakeConnection = settings
        case .duckdb(let settings): duckdbConnection = settings
        case .motherduck(let settings): motherduckConnection = settings
        case .trino(let settings): trinoConnection = settings
        }
    }

    /// The one type object this body carries.
    func config() throws -> ConnectionConfig {
        try ConnectionConfig(
            postgres: postgresConnection, mysql: mysqlConnection, bigquery: bigqueryConnection,
            snowflake: snowflakeConnection, duckdb: duckdbConnection, motherduck: motherduckConnection,
            trino: trinoConnection)
    }
}

/// ETags are the connection's revision, quoted.
enum ETag {
    static func of(_ revision: String) -> String { "\"\(revision)\"" }
}
