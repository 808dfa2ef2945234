import Foundation
import Logging
import NIOCore
import SQLiteNIO
import SwitchyardCore

/// The embedded catalog: one SQLite file in the data directory, in WAL mode with full
/// synchronisation, so a write has reached the disk when its call returns. Reads are answered
/// from a mirror of the file in memory; concurrent writes share a commit (`CommitQueue`).
public final class SQLiteCatalog: CatalogStore {
    private let database: SQLiteConnection
    private let mirror: CatalogMirror
    private let writes: CommitQueue
    private let owner: CatalogFileLock
    /// SQLite's calls for this file run on this one thread, in the order they were sent.
    private let thread: NIOThreadPool

    private init(database: SQLiteConnection, mirror: CatalogMirror, owner: CatalogFileLock, thread: NIOThreadPool) {
        self.database = database
        self.mirror = mirror
        self.owner = owner
        self.thread = thread
        writes = CommitQueue(database: database, mirror: mirror)
    }

    /// Opens (creating if needed) the catalog file, brings its schema up to date and reads it
    /// into memory.
    public static func open(path: String, logger: Logger) async throws -> SQLiteCatalog {
        let owner = try await CatalogFileLock.acquire(path: path + ".lock")
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let database: SQLiteConnection
        do {
            database = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: thread, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await thread.shutdownGracefully()
            owner.release()
            throw error
        }
        do {
            for pragma in ["journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 5000"] {
                _ = try await database.query("PRAGMA \(pragma)")
            }
            try await SQLiteMigrations.run(on: database)
            let projects = try await database.query("SELECT name, readme, location, wrapped_key FROM projects")
                .map(Self.project)
            let connections = try await database.query("SELECT \(Self.connectionColumns) FROM connections")
                .map(Self.connection)
            let mirror = CatalogMirror(projects: projects, connections: connections)
            return SQLiteCatalog(database: database, mirror: mirror, owner: owner, thread: thread)
        } catch {
            try? await database.close()
            try? await thread.shutdownGracefully()
            owner.release()
            throw error
        }
    }

    /// How many transactions the writes so far took, and how many writes they held.
    public func commitCounts() async -> (commits: Int, writes: Int) { await writes.counts }

    public func close() async throws {
        defer { owner.release() }
        try await database.close()
        try await thread.shutdownGracefully()
    }

    public var generation: UInt64 { mirror.generation }

    // MARK: Projects

    public func projects() async throws -> [ProjectRecord] {
        mirror.read { Array($0.projects.values) }.sortedByName(\.name)
    }

    public func project(named name: String) async throws -> ProjectRecord? {
        mirror.read { $0.projects[name] }
    }

    public func insertProject(_ project: ProjectRecord) async throws {
        let insert = CatalogStatement(
            "INSERT INTO projects (name, readme, location, wrapped_key) VALUES (?, ?, ?, ?)",
            [.text(project.name), .optionalText(project.readme), .optionalText(project.location),
             .bytes(project.wrappedKey)])
        try await writes.submit(.inserting(insert, refusal: { _ in SwitchyardError.projectExists(project.name) }) { contents in
            contents.projects[project.name] = project
            contents.connections[project.name] = [:]
        })
    }

    public func updateProject(_ project: ProjectRecord) async throws -> Bool {
        try await writes.submit(.touchingARow(CatalogStatement(
            "UPDATE projects SET readme = ?, location = ? WHERE name = ? RETURNING name",
            [.optionalText(project.readme), .optionalText(project.location), .text(project.name)]
        )) { contents in
            contents.projects[project.name]?.readme = project.readme
            contents.projects[project.name]?.location = project.location
        })
    }

    public func deleteProject(named name: String) async throws -> Bool {
        try await writes.submit(.touchingARow(
            CatalogStatement("DELETE FROM projects WHERE name = ? RETURNING name", [.text(name)])
        ) { contents in
            contents.projects[name] = nil
            contents.connections[name] = nil
        })
    }

    // MARK: Connections

    private static let connectionColumns =
        "project, name, type, public_config, secrets_set, sealed_config, revision"

    public func connections(inProject project: String) async throws -> [ConnectionRecord] {
        mirror.read { Array(($0.connections[project] ?? [:]).values) }.sortedByName(\.name)
    }

    public func connection(project: String, name: String) async throws -> ConnectionRecord? {
        mirror.read { $0.connections[project]?[name] }
    }

    public func insertConnection(_ connection: ConnectionRecord) async throws {
        let insert = CatalogStatement(
            "INSERT INTO connections (\(Self.connectionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)", try Self.binds(connection))
        let refusal: @Sendable (SQLiteError) -> any Error = { error in
            error.message.contains("FOREIGN KEY")
                ? SwitchyardError.projectNotFound(connection.project)
                : SwitchyardError.connectionExists(project: connection.project, connection: connection.name)
        }
        try await writes.submit(.inserting(insert, refusal: refusal) { contents in
            contents.connections[connection.project, default: [:]][connection.name] = connection
        })
    }

    public func replaceConnection(_ connection: ConnectionRecord, expectedRevision: String) async throws -> Bool {
        try await writes.submit(.touchingARow(CatalogStatement(
            """
            UPDATE connections SET type = ?, public_config = ?, secrets_set = ?, sealed_config = ?, revision = ?
            WHERE project = ? AND name = ? AND revision = ? RETURNING name
            """,
            [.text(connection.type.rawValue), .text(connection.publicConfig),
             .text(try Self.json(connection.secretsSet)), .bytes(connection.sealedConfig),
             .text(connection.revision), .text(connection.project), .text(connection.name), .text(expectedRevision)]
        )) { contents in
            contents.connections[connection.project]?[connection.name] = connection
        })
    }

    public func deleteConnection(project: String, name: String, expectedRevision: String?) async throws -> Bool {
        try await writes.submit(.touchingARow(CatalogStatement(
            "DELETE FROM connections WHERE project = ? AND name = ? AND (? IS NULL OR revision = ?) RETURNING name",
            [.text(project), .text(name), .optionalText(expectedRevision), .optionalText(expectedRevision)]
        )) { contents in
            contents.connections[project]?[name] = nil
        })
    }

    // MARK: Settings and keys

    /// Read from the file, not the mirror: `/healthz` calls this to learn that the file answers.
    public func setting(_ key: String) async throws -> String? {
        try await database.query("SELECT value FROM settings WHERE key = ?", [.text(key)]).first?
            .column("value")?.string
    }

    public func setSetting(_ key: String, to value: String) async throws {
        try await writes.submit(CatalogWrite<Void>(statements: [Self.setting(key, to: value)]) { results in
            _ = try results[0].get()
            return .done(())
        } change: { _, _ in })
    }

    /// Several statements: an error in any of them rolls its whole batch back.
    public func replaceKeys(wrappedKeys: [String: [UInt8]], keyCheck: String) async throws {
        let updates = wrappedKeys.map { project, key in
            CatalogStatement("UPDATE projects SET wrapped_key = ? WHERE name = ?", [.bytes(key), .text(project)])
        }
        try await writes.submit(CatalogWrite<Void>(statements: updates + [Self.setting(CatalogSettings.keyCheck, to: keyCheck)]) {
            results in
            for result in results { _ = try result.get() }
            return .done(())
        } change: { _, contents in
            for (project, key) in wrappedKeys { contents.projects[project]?.wrappedKey = key }
        })
    }

    private static func setting(_ key: String, to value: String) -> CatalogStatement {
        CatalogStatement(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)])
    }

    // MARK: Rows

    private static func project(_ row: SQLiteRow) -> ProjectRecord {
        ProjectRecord(
            name: row.column("name")?.string ?? "", readme: row.column("readme")?.string,
            location: row.column("location")?.string, wrappedKey: row.column("wrapped_key")?.bytes ?? [])
    }

    private static func connection(_ row: SQLiteRow) throws -> ConnectionRecord {
        ConnectionRecord(
            project: row.column("project")?.string ?? "", name: row.column("name")?.string ?? "",
            type: ConnectionType(rawValue: row.column("type")?.string ?? "") ?? .postgres,
            publicConfig: row.column("public_config")?.string ?? "{}",
            secretsSet: try JSONDecoder().decode([String].self, from: Data((row.column("secrets_set")?.string ?? "[]").utf8)),
            sealedConfig: row.column("sealed_config")?.bytes ?? [], revision: row.column("revision")?.string ?? "")
    }

    private static func binds(_ connection: ConnectionRecord) throws -> [SQLiteData] {
        [.text(connection.project), .text(connection.name), .text(connection.type.rawValue),
         .text(connection.publicConfig), .text(try json(connection.secretsSet)), .bytes(connection.sealedConfig),
         .text(connection.revision)]
    }

    private static func json(_ strings: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(strings), as: UTF8.self)
    }
}

extension SQLiteData {
    static func optionalText(_ value: String?) -> SQLiteData { value.map(SQLiteData.text) ?? .null }
    static func bytes(_ value: [UInt8]) -> SQLiteData { .blob(ByteBuffer(bytes: value)) }

    var bytes: [UInt8]? {
        guard case .blob(let buffer) = self else { return nil }
        return Array(buffer.readableBytesView)
    }
}

extension SQLiteError {
    var isConstraint: Bool { reason == .constraint || message.contains("constraint failed") }
}
