import Foundation
import PostgresNIO
import SwitchyardDrivers

/// Tables made by `sqlTemporaryTable`. A PostgreSQL `TEMPORARY` table lives in the session
/// that made it, and a later statement may run on another pooled session; so the table is an
/// unlogged one in the schema `switchyard_scratch`, readable from every session until the
/// expiry written into its name, after which the next call drops it.
extension PostgresDriver {
    static let scratchSchema = "switchyard_scratch"

    /// Materialises `sql` and returns the table's qualified, quoted name.
    public func createTemporaryTable(from sql: String) async throws -> String {
        let name = ScratchTableName(prefix: "", lifetime: temporaryTableLifetime)
        let qualified = Self.scratchTable(name.text)
        // Two callers may race to make the schema; whichever loses finds it made.
        try? await run("CREATE SCHEMA IF NOT EXISTS \(SQLIdentifier.doubleQuoted(Self.scratchSchema))")
        await dropExpiredScratchTables()
        try await run("CREATE UNLOGGED TABLE \(qualified) AS\n\(Self.statementBody(sql))")
        return qualified
    }

    /// Drops the scratch tables whose expiry has passed; a failure only leaves them for later.
    func dropExpiredScratchTables() async {
        let names: [String]
        do {
            names = try await metadataRows(
                """
                SELECT c.relname::text, c.relkind::text FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(Self.scratchSchema) AND c.relkind = 'r'
                """,
                as: (String, String).self
            ).map(\.0)
        } catch {
            return
        }
        for name in names.compactMap({ ScratchTableName(parsing: $0, prefix: "") }) where name.hasExpired() {
            try? await run("DROP TABLE IF EXISTS \(Self.scratchTable(name.text))")
        }
    }

    private static func scratchTable(_ name: String) -> String {
        SQLIdentifier.doubleQuoted(scratchSchema) + "." + SQLIdentifier.doubleQuoted(name)
    }

    /// Runs a statement the driver composed, with its identifiers quoted, to its end.
    private func run(_ sql: String) async throws {
        try await open(sql).drain()
    }
}
