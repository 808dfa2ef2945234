import DuckDBDriver
import Foundation
import SwitchyardCore
import SwitchyardDrivers
import TestProcesses
import Testing

/// The engine and services these tests run against. They are required, not optional: a
/// machine without them fails here with a message saying what to set up.
enum TestEnvironment {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func runtime() throws -> DuckDBRuntime {
        guard let runtime = DuckDBRuntime.fromEnvironment(environment), runtime.extensionDirectory != nil else {
            throw Missing(description: """
                SWITCHYARD_DUCKDB_LIBRARY and SWITCHYARD_DUCKDB_EXTENSION_DIR (and SWITCHYARD_DUCKDB_PRELOAD for the \
                Python wheel's library) must be set: source .tools/engines.env
                """)
        }
        return runtime
    }

    /// An environment variable that `script` sets.
    static func variable(_ name: String, set script: String) throws -> String {
        guard let value = environment[name], !value.isEmpty else {
            throw Missing(description: "\(name) is not set: eval \"$(\(script))\"")
        }
        return value
    }

    static func postgres() throws -> PostgresSettings {
        let names = ["HOST", "PORT", "USER", "PASSWORD", "DATABASE"].map { "SWITCHYARD_TEST_POSTGRES_" + $0 }
        let values = names.map { environment[$0] ?? "" }
        guard !values.contains(""), let port = Int(values[1]) else {
            throw Missing(description: "\(names.joined(separator: ", ")) must be set: eval \"$(scripts/test-services env)\"")
        }
        return PostgresSettings(host: values[0], port: port, databaseName: values[4], userName: values[2], password: values[3])
    }

    /// Runs SQL on the test PostgreSQL with psql, as its own user (for seeding tables).
    static func psql(_ sql: String) async throws {
        let settings = try postgres()
        let process = try ChildProcess(
            "/usr/bin/psql",
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", settings.host!, "-p", String(settings.port!),
                "-U", settings.userName!, "-d", settings.databaseName!, "-c", sql,
            ], environment: ["PGPASSWORD": settings.password!, "PATH": "/usr/bin:/bin"])
        _ = await process.wait()
        guard process.exitCode == 0 else { throw Missing(description: "psql failed on: \(sql)") }
    }
}

/// A driver for one test, always shut down, whatever the test does.
@discardableResult
func withDriver<T>(
    _ settings: DuckDBSettings = DuckDBSettings(), secrets: [String] = [], maxConnections: Int = 4,
    _ body: (DuckDBDriver) async throws -> T
) async throws -> T {
    let threads = BlockingExecutor(threads: maxConnections)
    let driver = try DuckDBDriver(
        settings: settings, runtime: try TestEnvironment.runtime(), secrets: secrets, threads: threads,
        maxConnections: maxConnections)
    do {
        let result = try await body(driver)
        await driver.shutdown()
        await threads.shutdown()
        return result
    } catch {
        await driver.shutdown()
        await threads.shutdown()
        throw error
    }
}

/// Settings with the test PostgreSQL attached as `pg`.
func postgresAttached(_ settings: PostgresSettings, as name: String = "pg") -> DuckDBSettings {
    DuckDBSettings(attachedDatabases: [AttachedDatabase(name: name, target: .postgres(settings))])
}

/// Every row of `sql`, cursor closed.
func rows(_ driver: some DatabaseDriver, _ sql: String) async throws -> [[SQLValue]] {
    try await driver.allRows(of: sql)
}

/// The statement's failure as a `DriverError`, or nil when it ran.
func failure(_ driver: some DatabaseDriver, _ sql: String) async -> DriverError? {
    do {
        _ = try await rows(driver, sql)
        return nil
    } catch let error as DriverError {
        return error
    } catch {
        return .statementFailed("unexpected error: \(error)")
    }
}
