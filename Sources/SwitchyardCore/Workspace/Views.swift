/// A project as clients read it.
public struct ProjectView: Sendable, Equatable {
    public var name: String
    public var readme: String?
    public var location: String?
    public var connections: [ConnectionView]
}

/// A connection as clients read it: settings without secrets, and which secrets are set.
public struct ConnectionView: Sendable, Equatable {
    public var project: String
    public var name: String
    public var config: ConnectionConfig
    public var secretsSet: [String]
    public var revision: String

    init(_ record: ConnectionRecord) throws {
        project = record.project
        name = record.name
        config = try JSONCoding.decode(ConnectionConfig.self, from: record.publicConfig)
        secretsSet = record.secretsSet
        revision = record.revision
    }
}
