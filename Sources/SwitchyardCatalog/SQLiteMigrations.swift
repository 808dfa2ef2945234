import SQLiteNIO

/// The catalog's schema, as numbered steps. A step, once released, is never edited: a change
/// is a new step. Each step runs in its own transaction with its version record.
enum SQLiteMigrations {
    static let steps: [(version: Int, statements: [String])] = [
        (1, [
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE projects (
                name TEXT PRIMARY KEY,
                readme TEXT,
                location TEXT,
                wrapped_key BLOB NOT NULL
            )
            """,
            """
            CREATE TABLE connections (
                project TEXT NOT NULL REFERENCES projects (name) ON DELETE CASCADE,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                public_config TEXT NOT NULL,
                secrets_set TEXT NOT NULL,
                sealed_config BLOB NOT NULL,
                revision TEXT NOT NULL,
                PRIMARY KEY (project, name)
            )
            """,
        ])
    ]

    static func run(on database: SQLiteConnection) async throws {
        _ = try await database.query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
        let applied = Set(
            try await database.query("SELECT version FROM schema_migrations").compactMap { $0.column("version")?.integer })
        for step in steps where !applied.contains(step.version) {
            _ = try await database.query("BEGIN IMMEDIATE")
            do {
                for statement in step.statements { _ = try await database.query(statement) }
                _ = try await database.query("INSERT INTO schema_migrations (version) VALUES (?)", [.integer(step.version)])
                _ = try await database.query("COMMIT")
            } catch {
                _ = try? await database.query("ROLLBACK")
                throw error
            }
        }
    }
}
