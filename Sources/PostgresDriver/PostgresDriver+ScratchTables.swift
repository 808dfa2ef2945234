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
        let now = Int(Date().timeIntervalSince1970)
        let expiry = now + Int(temporaryTableLifetime.components.seconds)
        let name = "tmp_\(expiry)_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let qualified = SQLIdentifier.doubleQuoted(Self.scratchSchema) + "." + SQLIdentifier.doubleQuoted(name)
        // Two callers may race to make the schema; whichever loses finds it made.
        try? await run("CREATE SCHEMA IF NOT EXISTS \(SQLIdentifier.doubleQuoted(Self.scratchSchema))")
        await dropExpiredScratchTables(now: now)
        try await run("CREATE UNLOGGED TABLE \(qualified) AS\n\(Self.statementBody(sql))")
        return qualified
    }

    /// Drops the scratch tables whose expiry has passed; a failure only leaves them for later.
    func dropExpiredScratchTables(now: Int) async {
        let names: [String]
        do {
            names = try await catalogRows(
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
        for name in names {
            let parts = name.split(separator: "_")
            guard parts.count == 3, parts[0] == "tmp", let expiry = Int(parts[1]), expiry < now else { continue }
            let qualified = SQLIdentifier.doubleQuoted(Self.scratchSchema) + "." + SQLIdentifier.doubleQuoted(name)
            try? await run("DROP TABLE IF EXISTS \(qualified)")
        }
    }

    /// Runs a statement the driver composed, with its identifiers quoted, to its end.
    private func run(_ sql: String) async throws {
        try await open(sql).drain()
    }
}
