import SwitchyardCore

/// What a new server holds before anyone configures it: a project `default` with an in-process
/// DuckDB connection `duckdb`, so a first query works right after start-up. Made once, on the
/// first start with an empty catalog; deleting it later is respected.
enum DefaultProject {
    static let project = "default"
    static let connection = "duckdb"
    private static let seededSetting = "default_project_seeded"

    static func seedIfNew(_ workspace: Workspace, catalog: any CatalogStore) async throws {
        guard try await catalog.setting(seededSetting) == nil else { return }
        if try await workspace.projects().isEmpty {
            _ = try await workspace.createProject(
                name: project, readme: "Made on first start: an in-process DuckDB to query right away.",
                location: nil)
            _ = try await workspace.createConnection(connection, in: project, config: .duckdb(DuckDBSettings()))
        }
        try await catalog.setSetting(seededSetting, to: "1")
    }
}
