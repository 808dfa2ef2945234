/// Where projects and connections live. Small on purpose: every backend (the embedded SQLite
/// file, a shared PostgreSQL) implements it and passes the same tests. Each call is one
/// durable write or one consistent read; a 2xx is sent only after the write returns.
public protocol CatalogStore: Sendable {
    /// Moves on with every committed write. An answer built from reads made while it had one
    /// value is still current while it keeps that value, which lets the server keep answers
    /// instead of building them again.
    var generation: UInt64 { get }

    func projects() async throws -> [ProjectRecord]
    func project(named name: String) async throws -> ProjectRecord?
    /// Throws `SwitchyardError.projectExists` when the name is taken.
    func insertProject(_ project: ProjectRecord) async throws
    /// Returns false when the project does not exist.
    func updateProject(_ project: ProjectRecord) async throws -> Bool
    /// Deletes the project and its connections; false when it did not exist.
    func deleteProject(named name: String) async throws -> Bool

    func connections(inProject project: String) async throws -> [ConnectionRecord]
    func connection(project: String, name: String) async throws -> ConnectionRecord?
    /// Throws `connectionExists` when the name is taken, `projectNotFound` without the project.
    func insertConnection(_ connection: ConnectionRecord) async throws
    /// Replaces the connection only if its revision is still `expectedRevision`.
    func replaceConnection(_ connection: ConnectionRecord, expectedRevision: String) async throws -> Bool
    /// Deletes the connection if it exists and, when given, its revision is `expectedRevision`.
    func deleteConnection(project: String, name: String, expectedRevision: String?) async throws -> Bool

    func setting(_ key: String) async throws -> String?
    func setSetting(_ key: String, to value: String) async throws
    /// Replaces every project's wrapped data key and the key check in one transaction.
    func replaceKeys(wrappedKeys: [String: [UInt8]], keyCheck: String) async throws
}

/// A stored project. Its data key is kept wrapped by the master key.
public struct ProjectRecord: Sendable, Equatable {
    public var name: String
    public var readme: String?
    public var location: String?
    public var wrappedKey: [UInt8]

    public init(name: String, readme: String?, location: String?, wrappedKey: [UInt8]) {
        self.name = name
        self.readme = readme
        self.location = location
        self.wrappedKey = wrappedKey
    }
}

/// A stored connection: its configuration twice, once without secrets in plain JSON (for
/// reads) and once whole, sealed with the project's data key (for connecting).
public struct ConnectionRecord: Sendable, Equatable {
    public var project: String
    public var name: String
    public var type: ConnectionType
    public var publicConfig: String
    public var secretsSet: [String]
    public var sealedConfig: [UInt8]
    /// Changes on every write; the connection's ETag.
    public var revision: String

    public init(
        project: String, name: String, type: ConnectionType, publicConfig: String, secretsSet: [String],
        sealedConfig: [UInt8], revision: String
    ) {
        self.project = project
        self.name = name
        self.type = type
        self.publicConfig = publicConfig
        self.secretsSet = secretsSet
        self.sealedConfig = sealedConfig
        self.revision = revision
    }
}

/// Names of the catalog's settings.
public enum CatalogSettings {
    /// Proves which master key the stored data keys are wrapped with.
    public static let keyCheck = "master_key_check"
    /// SHA-256 of the admin token.
    public static let adminTokenDigest = "admin_token_sha256"
}
