import Foundation
import MySQLDriver
import SwitchyardCore
import SwitchyardDrivers
import Synchronization
import Testing

/// The private MariaDB the tests run against, from `SWITCHYARD_TEST_MYSQL_*`
/// (`eval "$(scripts/test-services env)"`). Missing variables fail every test that needs
/// them, with a message saying how to set them: these tests never skip.
enum TestDatabase {
    struct MissingEnvironment: Error, CustomStringConvertible {
        var names: [String]
        var description: String {
            "MySQL driver tests need \(names.joined(separator: ", ")): run `scripts/test-services start` "
                + "and `eval \"$(scripts/test-services env)\"` first"
        }
    }

    static let variables = ["HOST", "PORT", "USER", "PASSWORD", "DATABASE"].map { "SWITCHYARD_TEST_MYSQL_" + $0 }

    /// The test server's values by suffix (`HOST`, `PORT`, ...), or an error naming the
    /// missing ones.
    static func environment() throws -> [String: String] {
        let values = ProcessInfo.processInfo.environment
        let missing = variables.filter { (values[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw MissingEnvironment(names: missing) }
        return Dictionary(uniqueKeysWithValues: variables.map { (String($0.dropFirst(22)), values[$0]!) })
    }

    static var password: String { get throws { try environment()["PASSWORD"]! } }
    static var database: String { get throws { try environment()["DATABASE"]! } }

    /// Settings for the test server, with any field replaced.
    static func settings(password: String? = nil, port: Int? = nil, database: String? = nil) throws -> MySQLSettings {
        let env = try environment()
        let object: [String: Any] = [
            "host": env["HOST"]!, "port": port ?? Int(env["PORT"]!) ?? 0, "user": env["USER"]!,
            "password": password ?? env["PASSWORD"]!, "database": database ?? env["DATABASE"]!,
        ]
        return try JSONDecoder().decode(MySQLSettings.self, from: JSONSerialization.data(withJSONObject: object))
    }

    /// Runs `body` with a driver for the test server and always shuts it down.
    static func withDriver<T>(
        settings: MySQLSettings? = nil,
        secrets: [String]? = nil,
        connectTimeoutSeconds: Int = 10,
        maxConnections: Int = 4,
        _ body: (MySQLDriver) async throws -> T
    ) async throws -> T {
        let settings = try settings ?? self.settings()
        // Room for every handle's statement plus one, as the server's shared threads have.
        let threads = BlockingExecutor(threads: maxConnections + 1)
        let driver = MySQLDriver(
            settings: settings,
            secrets: try secrets ?? [password],
            threads: threads,
            connectTimeoutSeconds: connectTimeoutSeconds,
            maxConnections: maxConnections
        )
        do {
            let value = try await body(driver)
            await driver.shutdown()
            await threads.shutdown()
            return value
        } catch {
            await driver.shutdown()
            await threads.shutdown()
            throw error
        }
    }

    /// A table name no other test uses, so suites can run in parallel.
    static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}

extension DatabaseDriver {
    /// Runs a statement and reads its whole result.
    func rows(_ sql: String) async throws -> (columns: [ColumnInfo], rows: [[SQLValue]]) {
        let cursor = try await query(sql)
        var rows: [[SQLValue]] = []
        do {
            while let batch = try await cursor.next() { rows += batch }
        } catch {
            await cursor.close()
            throw error
        }
        await cursor.close()
        return (cursor.columns, rows)
    }

    /// Runs statements that return nothing (DDL, DML), one after another.
    func execute(_ statements: String...) async throws {
        for sql in statements { _ = try await rows(sql) }
    }
}

/// Rows read so far, shared between a reading task and the test watching it.
final class RowCounter: Sendable {
    private let count = Mutex(0)

    func add(_ rows: Int) { count.withLock { $0 += rows } }
    var value: Int { count.withLock { $0 } }
}
