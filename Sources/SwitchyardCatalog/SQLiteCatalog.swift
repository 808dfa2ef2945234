import Foundation
import Logging
import NIOCore
import SQLiteNIO
import SwitchyardCore

/// The embedded catalog: one SQLite file in the data directory, in WAL mode with full
/// synchronisation, so a write has reached the disk when its call returns.
public final class SQLiteCatalog: CatalogStore {
    private let database: SQLiteConnection

    private init(database: SQLiteConnection) { self.database = database }

    /// Opens (creating if needed) the catalog file and brings its schema up to date.
    public static func open(path: String, logger: Logger) async throws -> SQLiteCatalog {
        let database = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let catalog = SQLiteCatalog(database: database)
        for pragma in ["journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 5000"] {
            _ = try await database.query("PRAGMA \(pragma)")
        }
        try await SQLiteMigrations.run(on: database)
        return catalog
    }

    public func close() async throws { try await database.close() }

    // MARK: Projects

    public func projects() async throws -> [ProjectRecord] {
        try await database.query("SELECT name, readme, location, wrapped_key FROM projects ORDER BY name")
            .map(Self.project)
    }

    public func project(named name: String) async throws -> ProjectRecord? {
        try await database.query(
            "SELECT name, readme, location, wrapped_key FROM projects WHERE name = ?", [.text(name)]
        ).first.map(Self.project)
    }

    public func insertProject(_ project: ProjectRecord) async throws {
        do {
            _ = try await database.query(
                "INSERT INTO projects (name, readme, location, wrapped_key) VALUES (?, ?, ?, ?)",
                [.text(project.name), .optionalText(project.readme), .optionalText(project.location),
                 .bytes(project.wrappedKey)])
        } catch let error as SQLiteError where error.isConstraint {
            throw SwitchyardError.projectExists(project.name)
        }
    }

    public func updateProject(_ project: ProjectRecord) async throws -> Bool {
        try await !database.query(
            "UPDATE projects SET readme = ?, location = ? WHERE name = ? RETURNING name",
            [.optionalText(project.readme), .optionalText(project.location), .text(project.name)]
        ).isEmpty
    }

    public func deleteProject(named name: String) async throws -> Bool {
        try await !database.query("DELETE FROM projects WHERE name = ? RETURNING name", [.text(name)]).isEmpty
    }

    // MARK: Connections

    private static let connectionColumns =
        "project, name, type, public_config, secrets_set, sealed_config, revision"

    public func connections(inProject project: String) async throws -> [ConnectionRecord] {
        try await database.query(
            "SELECT \(Self.connectionColumns) FROM connections WHERE project = ? ORDER BY name", [.text(project)]
        ).map(Self.connection)
    }

    public func connection(project: String, name: String) async throws -> ConnectionRecord? {
        try await database.query(
            "SELECT \(Self.connectionColumns) FROM connections WHERE project = ? AND name = ?",
            [.text(project), .text(name)]
        ).first.map(Self.connection)
    }

    public func insertConnection(_ connection: ConnectionRecord) async throws {
        do {
            _ = try await database.query(
                "INSERT INTO connections (\(Self.connectionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Self.binds(connection))
        } catch let error as SQLiteError where error.isConstraint {
            if error.message.contains("FOREIGN KEY") { throw SwitchyardError.projectNotFound(connection.project) }
            throw SwitchyardError.connectionExists(project: connection.project, connection: connection.name)
        }
    }

    public func replaceConnection(_ connection: ConnectionRecord, expectedRevision: String) async throws -> Bool {
        try await !database.query(
            """
            UPDATE connections SET type = ?, public_config = ?, secrets_set = ?, sealed_config = ?, revision = ?
            WHERE project = ? AND name = ? AND revision = ? RETURNING name
            """,
            [.text(connection.type.rawValue), .text(connection.publicConfig),
             .text(try Self.json(connection.secretsSet)), .bytes(connection.sealedConfig),
             .text(connection.revision), .text(connection.project), .text(connection.name), .text(expectedRevision)]
        ).isEmpty
    }

    public func deleteConnection(project: String, name: String, expectedRevision: String?) async throws -> Bool {
        try await !database.query(
            "DELETE FROM connections WHERE project = ? AND name = ? AND (? IS NULL OR revision = ?) RETURNING name",
            [.text(project), .text(name), .optionalText(expectedRevision), .optionalText(expectedRevision)]
        ).isEmpty
    }

    // MARK: Settings and keys

    public func setting(_ key: String) async throws -> String? {
        try await database.query("SELECT value FROM settings WHERE key = ?", [.text(key)]).first?
            .column("value")?.string
    }

    public func setSetting(_ key: String, to value: String) async throws {
        _ = try await database.query(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(key), .text(value)])
    }

    public func replaceKeys(wrappedKeys: [String: [UInt8]], keyCheck: String) async throws {
        _ = try await database.query("BEGIN IMMEDIATE")
        do {
            for (project, key) in wrappedKeys {
                _ = try await database.query(
                    "UPDATE projects SET wrapped_key = ? WHERE name = ?", [.bytes(key), .text(project)])
            }
            try await setSetting(CatalogSettings.keyCheck, to: keyCheck)
            _ = try await database.query("COMMIT")
        } catch {
            _ = try? await database.query("ROLLBACK")
            throw error
        }
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
