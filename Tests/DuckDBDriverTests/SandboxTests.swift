import DuckDBDriver
import Foundation
import SwitchyardCore
import SwitchyardDrivers
import Testing

/// After setup, client SQL must not reach this server's files, extensions or settings. Each
/// refusal is checked with PostgreSQL attached (so its extension is loaded and in use) and the
/// attachment is checked to still read.
@Suite("DuckDB sandbox", .timeLimit(.minutes(1)))
struct SandboxTests {
    static let refused: [(sql: String, says: String)] = [
        ("SELECT * FROM read_text('/etc/passwd')", "disabled by configuration"),
        ("SELECT * FROM read_csv('/etc/hostname')", "disabled by configuration"),
        ("SELECT * FROM glob('/etc/*')", "disabled by configuration"),
        ("COPY (SELECT 1 AS a) TO '/tmp/switchyard-duckdb-sandbox.csv'", "disabled by configuration"),
        ("ATTACH '/tmp/switchyard-duckdb-sandbox.db' AS y", "disabled by configuration"),
        ("EXPORT DATABASE '/tmp/switchyard-duckdb-sandbox-export'", "disabled by configuration"),
        ("LOAD httpfs", "disabled through configuration"),
        ("LOAD '/tmp/switchyard-duckdb-sandbox.duckdb_extension'", "disabled through configuration"),
        ("INSTALL httpfs", "disabled by configuration"),
        ("SET threads = 1", "configuration has been locked"),
        ("SET enable_external_access = true", "configuration has been locked"),
        ("SET lock_configuration = false", "configuration has been locked"),
        ("RESET allowed_directories", "configuration has been locked"),
        ("SELECT * FROM duckdb_secrets(redact = false)", "unredacted secrets is disabled"),
        ("ATTACH 'host=127.0.0.1 dbname=postgres' AS other (TYPE postgres)", "disabled through configuration"),
        ("CREATE PERSISTENT SECRET leaked (TYPE postgres, PASSWORD 'x')", "CREATE SECRET is not allowed"),
    ]

    @Test(arguments: refused)
    func refusesWhatCouldEscape(sql: String, says: String) async throws {
        let postgres = try TestEnvironment.postgres()
        let error = try await withDriver(postgresAttached(postgres), secrets: [postgres.password!]) { driver throws in
            let error = await failure(driver, sql)
            let stillReads = try await rows(driver, "SELECT count(*) > 0 FROM pg.information_schema.tables")
            #expect(stillReads == [[.bool(true)]])
            return error
        }
        guard case .statementFailed(let message)? = error else {
            Issue.record("\(sql) was not refused: \(String(describing: error))")
            return
        }
        #expect(message.contains(says), "\(sql): \(message)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/switchyard-duckdb-sandbox.csv"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/switchyard-duckdb-sandbox.db"))
    }

    @Test func thePasswordIsNotVisibleToQueries() async throws {
        let postgres = try TestEnvironment.postgres()
        let password = try #require(postgres.password)
        let seen = try await withDriver(postgresAttached(postgres), secrets: [password]) { driver throws in
            try await rows(driver, "SELECT path::VARCHAR FROM duckdb_databases()")
                + rows(driver, "SELECT secret_string FROM duckdb_secrets()")
                + rows(driver, "SELECT value::VARCHAR FROM duckdb_settings()")
        }
        #expect(!seen.isEmpty)
        for row in seen {
            #expect(!"\(row)".contains(password))
        }
    }
}

@Suite("DuckDB statements that would undo the sandbox")
struct StatementGuardTests {
    @Test(arguments: [
        "SELECT * FROM postgres_scan('host=127.0.0.1 user=x password=y dbname=z', 'public', 't')",
        "SELECT * FROM POSTGRES_SCAN/* hidden */ ('host=h', 'public', 't')",
        #"SELECT * FROM "postgres_scan_pushdown"('host=h', 'public', 't')"#,
        "CALL postgres_attach('host=h')",
        "SELECT * FROM query('SELECT 1')",
        "SELECT * FROM query_table('t')",
        "CREATE SECRET s (TYPE s3, ENDPOINT '127.0.0.1:9', URL_STYLE 'path', USE_SSL false)",
        "create or replace temporary secret s (type s3)",
        "SELECT 1; CREATE PERSISTENT SECRET s (TYPE s3)",
        "/* first */ DROP SECRET IF EXISTS s",
        "DROP TEMPORARY SECRET s",
        "DETACH memory",
        "SELECT 1;\n detach database if exists memory",
    ])
    func callsAreRefused(sql: String) async throws {
        try await withDriver { driver throws in
            let error = await failure(driver, sql)
            guard case .statementFailed(let message)? = error else {
                Issue.record("expected statementFailed, got \(String(describing: error))")
                return
            }
            #expect(message.contains("not allowed"))
        }
    }

    @Test func wordsThatOnlyLookLikeCallsAreFine() async throws {
        try await withDriver { driver throws in
            let sql = "SELECT 'postgres_scan(' AS query, 1 AS \"query_table\" -- query(\n"
            #expect(try await rows(driver, sql) == [[.string("postgres_scan("), .integer(1)]])
            let secretColumn = "CREATE TABLE secret AS SELECT 'CREATE SECRET' AS detach; SELECT detach FROM secret"
            #expect(try await rows(driver, secretColumn) == [[.string("CREATE SECRET")]])
        }
    }
}
