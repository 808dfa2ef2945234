import Foundation
import Logging
import PostgresDriver
import SwitchyardCore
import SwitchyardDrivers
import Testing

/// The test server, from `SWITCHYARD_TEST_POSTGRES_*` (`eval "$(scripts/test-services env)"`).
/// A missing variable fails the test that needs it, with the command that sets it: the
/// driver tests are never skipped.
enum TestDatabase {
    struct Server {
        var host: String
        var port: Int
        var user: String
        var password: String
        var database: String
    }

    static func server() throws -> Server {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String {
            try #require(
                environment["SWITCHYARD_TEST_POSTGRES_\(name)"].flatMap { $0.isEmpty ? nil : $0 },
                """
                SWITCHYARD_TEST_POSTGRES_\(name) is not set. Start the test server and export its \
                settings first: scripts/test-services start && eval "$(scripts/test-services env)"
                """
            )
        }
        let port = try value("PORT")
        return Server(
            host: try value("HOST"),
            port: try #require(Int(port), "SWITCHYARD_TEST_POSTGRES_PORT=\(port) is not a port"),
            user: try value("USER"),
            password: try value("PASSWORD"),
            database: try value("DATABASE")
        )
    }

    /// The fields form of the settings, with any field replaced.
    static func settings(password: String? = nil, port: Int? = nil) throws -> PostgresSettings {
        let server = try server()
        return PostgresSettings(
            host: server.host,
            port: port ?? server.port,
            databaseName: server.database,
            userName: server.user,
            password: password ?? server.password
        )
    }

    static let logger = Logger(label: "switchyard.tests.postgres")

    /// Runs `body` with a driver whose pool runs, as the server does it: `run()` in a task
    /// group, `shutdown()` after, and the group then waits for `run()` to return.
    static func withDriver<Result: Sendable>(
        _ settings: PostgresSettings? = nil,
        connectTimeout: Duration = .seconds(10),
        maxConnections: Int = 4,
        warmConnections: Int = PostgresDriver.defaultWarmConnections,
        _ body: @Sendable (PostgresDriver) async throws -> Result
    ) async throws -> Result {
        let settings = try settings ?? self.settings()
        let driver = try PostgresDriver(
            settings: settings,
            secrets: [settings.password].compactMap { $0 },
            logger: logger,
            connectTimeout: connectTimeout,
            maxConnections: maxConnections,
            warmConnections: warmConnections
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run() }
            do {
                let result = try await body(driver)
                await driver.shutdown()
                try await group.waitForAll()
                return result
            } catch {
                await driver.shutdown()
                try await group.waitForAll()
                throw error
            }
        }
    }

    /// A fresh schema for one test, dropped (with all it holds) afterwards.
    static func withSchema<Result: Sendable>(
        _ driver: PostgresDriver,
        _ body: @Sendable (String) async throws -> Result
    ) async throws -> Result {
        let schema = "sy_test_" + UUID().uuidString.prefix(8).lowercased()
        try await execute(driver, "CREATE SCHEMA \(schema)")
        do {
            let result = try await body(schema)
            try await execute(driver, "DROP SCHEMA \(schema) CASCADE")
            return result
        } catch {
            try? await execute(driver, "DROP SCHEMA \(schema) CASCADE")
            throw error
        }
    }

    /// Runs a statement to its end.
    static func execute(_ driver: PostgresDriver, _ sql: String) async throws {
        _ = try await rows(driver, sql)
    }

    /// Every row of `sql`.
    static func rows(_ driver: PostgresDriver, _ sql: String) async throws -> [[SQLValue]] {
        try await driver.allRows(of: sql)
    }

    /// The single integer `sql` answers (a count), or -1 when it answers something else.
    static func count(_ driver: PostgresDriver, _ sql: String) async throws -> Int64 {
        guard case .integer(let count) = try await rows(driver, sql).first?.first else { return -1 }
        return count
    }

    /// How many backends other than the asking one are running a statement containing `marker`.
    static func activeStatements(_ driver: PostgresDriver, containing marker: String) async throws -> Int64 {
        try await count(
            driver,
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%\(marker)%'
            """
        )
    }

    /// How many connections to the server carry `applicationName`, counted by a driver of its own.
    static func connections(named applicationName: String) async throws -> Int64 {
        try await withDriver(maxConnections: 1, warmConnections: 0) { driver in
            try await count(driver, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(applicationName)'")
        }
    }

    /// How many statements containing `marker` are asleep in `pg_sleep`.
    static func sleepingStatements(_ driver: PostgresDriver, containing marker: String) async throws -> Int64 {
        try await count(
            driver,
            """
            SELECT count(*) FROM pg_stat_activity
            WHERE wait_event = 'PgSleep' AND pid <> pg_backend_pid() AND query LIKE '%\(marker)%'
            """
        )
    }

    /// `activeStatements` asked through a driver of its own, for when the test's driver has
    /// every connection busy.
    static func activeStatementsOnOtherDriver(containing marker: String) async throws -> Int64 {
        try await withDriver(maxConnections: 1) { try await activeStatements($0, containing: marker) }
    }

    /// Polls `condition` until it holds, for at most `limit`; returns whether it came to hold.
    static func eventually(
        within limit: Duration,
        _ condition: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
