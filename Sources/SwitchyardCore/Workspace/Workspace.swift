import Foundation
import SwitchyardSecrets

/// Projects and their connections: the rules every route obeys, whatever the transport.
/// Secrets are sealed before they reach the catalog and come back out only through
/// `resolvedConfig`, for drivers.
public struct Workspace: Sendable {
    let catalog: any CatalogStore
    let vault: SecretVault
    let isFrozen: Bool
    let maxWriteAttempts: Int
    private let writers = KeyedLock()
    private let cache = RevisionCache()

    public init(catalog: any CatalogStore, vault: SecretVault, isFrozen: Bool, maxWriteAttempts: Int = 200) {
        self.catalog = catalog
        self.vault = vault
        self.isFrozen = isFrozen
        self.maxWriteAttempts = maxWriteAttempts
    }

    // MARK: Projects

    public func projects() async throws -> [ProjectView] {
        var views: [ProjectView] = []
        for record in try await catalog.projects() {
            views.append(try await view(of: record))
        }
        return views
    }

    public func project(_ name: String) async throws -> ProjectView {
        try await view(of: try await projectRecord(name))
    }

    public func createProject(name: String, readme: String?, location: String?) async throws -> ProjectView {
        try ensureWritable()
        try FieldRules.resourceName(name, "name")
        let record = ProjectRecord(
            name: name, readme: readme, location: location, wrappedKey: try vault.makeWrappedDataKey())
        try await catalog.insertProject(record)
        return ProjectView(name: name, readme: readme, location: location, connections: [])
    }

    /// Changes the fields given; `nil` leaves a field as it is.
    public func updateProject(_ name: String, readme: String?, location: String?) async throws -> ProjectView {
        try ensureWritable()
        var record = try await projectRecord(name)
        record.readme = readme ?? record.readme
        record.location = location ?? record.location
        guard try await catalog.updateProject(record) else { throw SwitchyardError.projectNotFound(name) }
        return try await view(of: record)
    }

    /// Deletes the project with its connections, and returns what was deleted.
    public func deleteProject(_ name: String) async throws -> ProjectView {
        try ensureWritable()
        let deleted = try await project(name)
        guard try await catalog.deleteProject(named: name) else { throw SwitchyardError.projectNotFound(name) }
        cache.forget(project: name)
        return deleted
    }

    // MARK: Connections

    public func connections(in project: String) async throws -> [ConnectionView] {
        _ = try await projectRecord(project)
        return try await catalog.connections(inProject: project).map(view)
    }

    public func connection(_ name: String, in project: String) async throws -> ConnectionView {
        try view(of: try await connectionRecord(name, in: project))
    }

    /// Stores a new connection and returns its revision.
    public func createConnection(_ name: String, in project: String, config: ConnectionConfig) async throws -> String {
        try ensureWritable()
        try FieldRules.resourceName(name, "name")
        try config.validate()
        let record = try seal(config, name: name, in: try await projectRecord(project))
        try await catalog.insertConnection(record)
        return record.revision
    }

    /// Merges `body` into the stored connection and returns the new revision. Concurrent
    /// updates never lose each other's fields: each one re-reads and retries until its write
    /// lands on the revision it read, unless `ifMatch` pins that revision.
    public func updateConnection(
        _ name: String, in project: String, body: JSONObject, ifMatch: String?
    ) async throws -> String {
        try ensureWritable()
        let projectRecord = try await projectRecord(project)
        return try await writers.withLock("\(project)/\(name)") {
            try await update(name, in: projectRecord, body: body, ifMatch: ifMatch)
        }
    }

    private func update(
        _ name: String, in projectRecord: ProjectRecord, body: JSONObject, ifMatch: String?
    ) async throws -> String {
        let project = projectRecord.name
        for _ in 0..<maxWriteAttempts {
            let current = try await connectionRecord(name, in: project)
            if let ifMatch, !Revision.matches(ifMatch, current.revision) { throw SwitchyardError.revisionMismatch }
            let stored = try open(current, in: projectRecord)
            let updated = try ConnectionUpdate.apply(body, to: stored, name: name)
            let record = try seal(updated, name: name, in: projectRecord)
            if try await catalog.replaceConnection(record, expectedRevision: current.revision) {
                cache.remember(updated, project: project, name: name, revision: record.revision)
                return record.revision
            }
            if ifMatch != nil { throw SwitchyardError.revisionMismatch }
        }
        throw SwitchyardError.busy("connection \(name)")
    }

    public func deleteConnection(_ name: String, in project: String, ifMatch: String?) async throws {
        try ensureWritable()
        let current = try await connectionRecord(name, in: project)
        if let ifMatch, !Revision.matches(ifMatch, current.revision) { throw SwitchyardError.revisionMismatch }
        let expected = ifMatch == nil ? nil : current.revision
        guard try await catalog.deleteConnection(project: project, name: name, expectedRevision: expected) else {
            throw ifMatch == nil
                ? SwitchyardError.connectionNotFound(project: project, connection: name)
                : SwitchyardError.revisionMismatch
        }
        cache.forget(project: project, name: name)
    }

    /// The whole configuration, secrets included, for opening a connection to the database.
    public func resolvedConfig(_ name: String, in project: String) async throws -> ConnectionConfig {
        try open(try await connectionRecord(name, in: project), in: try await projectRecord(project))
    }

    // MARK: Helpers

    private func ensureWritable() throws {
        if isFrozen { throw SwitchyardError.frozen }
    }

    private func projectRecord(_ name: String) async throws -> ProjectRecord {
        guard let record = try await catalog.project(named: name) else { throw SwitchyardError.projectNotFound(name) }
        return record
    }

    private func connectionRecord(_ name: String, in project: String) async throws -> ConnectionRecord {
        if let record = try await catalog.connection(project: project, name: name) { return record }
        _ = try await projectRecord(project)
        throw SwitchyardError.connectionNotFound(project: project, connection: name)
    }

    private func view(of record: ProjectRecord) async throws -> ProjectView {
        ProjectView(
            name: record.name, readme: record.readme, location: record.location,
            connections: try await catalog.connections(inProject: record.name).map(view))
    }

    private func view(of record: ConnectionRecord) throws -> ConnectionView {
        try cache.view(of: record) { try ConnectionView(record) }
    }

    private func seal(_ config: ConnectionConfig, name: String, in project: ProjectRecord) throws -> ConnectionRecord {
        let redacted = config.redacted()
        let sealed = try vault.seal(
            Array(try JSONCoding.string(of: config).utf8), wrappedKey: project.wrappedKey,
            context: Self.sealContext(project: project.name, connection: name))
        return ConnectionRecord(
            project: project.name, name: name, type: config.type,
            publicConfig: try JSONCoding.string(of: redacted.settings), secretsSet: redacted.secretsSet,
            sealedConfig: sealed, revision: Revision.make())
    }

    private func open(_ record: ConnectionRecord, in project: ProjectRecord) throws -> ConnectionConfig {
        try cache.config(of: record) {
            let plaintext = try vault.open(
                record.sealedConfig, wrappedKey: project.wrappedKey,
                context: Self.sealContext(project: project.name, connection: record.name))
            return try JSONCoding.decode(ConnectionConfig.self, from: String(decoding: plaintext, as: UTF8.self))
        }
    }

    private static func sealContext(project: String, connection: String) -> String {
        "connection \(project)/\(connection)"
    }
}

/// Revisions are random, so a deleted and re-created connection never matches an old ETag.
enum Revision {
    /// 128 random bits in a UUID's form, drawn with two `getrandom` calls (`UUID()` opens
    /// and reads /dev/urandom: three system calls on every write).
    static func make() -> String {
        var random = SystemRandomNumberGenerator()
        let (high, low) = (random.next() as UInt64, random.next() as UInt64)
        let bytes = withUnsafeBytes(of: (high.bigEndian, low.bigEndian)) { Array($0) }
        let uuid = UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6] & 0x0f | 0x40, bytes[7],
            bytes[8] & 0x3f | 0x80, bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }

    /// Whether an `If-Match` value names `revision`: `*`, or a list of quoted (or weak) tags.
    static func matches(_ header: String, _ revision: String) -> Bool {
        header.split(separator: ",").contains { tag in
            let trimmed = tag.trimmingCharacters(in: .whitespaces)
            if trimmed == "*" { return true }
            let bare = trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed
            return bare.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == revision
        }
    }
}
