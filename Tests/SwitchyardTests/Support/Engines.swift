import Foundation
import Logging
import MySQLDriver
import PostgresDriver
import SwitchyardCore
import SwitchyardDrivers
import Testing

/// The databases `scripts/test` starts on loopback, as the environment describes them. A
/// missing variable fails the test that needs it: these tests are never skipped.
struct Engine {
    let host: String
    let port: Int
    let user: String
    let password: String
    let database: String

    static func fromEnvironment(_ prefix: String) throws -> Engine {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String {
            try #require(environment["\(prefix)_\(name)"], "\(prefix)_\(name) is not set: run the tests with scripts/test")
        }
        return Engine(
            host: try value("HOST"), port: try #require(Int(try value("PORT"))), user: try value("USER"),
            password: try value("PASSWORD"), database: try value("DATABASE"))
    }

    static func postgres() throws -> Engine { try fromEnvironment("SWITCHYARD_TEST_POSTGRES") }
    static func mysql() throws -> Engine { try fromEnvironment("SWITCHYARD_TEST_MYSQL") }

    var postgresBody: String { postgresBody() }

    /// The body that stores this server as a PostgreSQL connection, with `extra` fields.
    func postgresBody(_ extra: [String: Any] = [:]) -> String {
        let fields: [String: Any] = ["host": host, "port": port, "databaseName": database, "userName": user, "password": password]
        return Fixtures.json(["postgresConnection": fields.merging(extra) { $1 }])
    }

    var mysqlBody: String {
        Fixtures.json(["mysqlConnection": [
            "host": host, "port": port, "database": database, "user": user, "password": password,
        ]])
    }

    /// A count asked of PostgreSQL directly through its driver, outside the server under test.
    func postgresCount(_ sql: String) async throws -> Int? {
        let driver = try PostgresDriver(
            settings: PostgresSettings(host: host, port: port, databaseName: database, userName: user, password: password),
            secrets: [], logger: Logger(label: "test-probe"), warmConnections: 0)
        return try await Self.count(sql, on: driver)
    }

    /// The same, of MariaDB.
    func mariadbCount(_ sql: String) async throws -> Int? {
        let threads = BlockingExecutor(threads: 2)
        let driver = MySQLDriver(settings: try mysqlSettings(), secrets: [], threads: threads)
        do {
            let count = try await Self.count(sql, on: driver)
            await threads.shutdown()
            return count
        } catch {
            await threads.shutdown()
            throw error
        }
    }

    private func mysqlSettings() throws -> MySQLSettings {
        try JSONDecoder().decode(MySQLSettings.self, from: Data(Fixtures.json([
            "host": host, "port": port, "database": database, "user": user, "password": password,
        ]).utf8))
    }

    private static func count(_ sql: String, on driver: any DatabaseDriver) async throws -> Int? {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run() }
            defer { group.cancelAll() }
            let cursor = try await driver.query(sql)
            let batch = try await cursor.next()
            await cursor.close()
            await driver.shutdown()
            guard case .integer(let value)? = batch?.first?.first else { return nil }
            return Int(value)
        }
    }

    static func requireDuckDB() throws {
        _ = try #require(
            ProcessInfo.processInfo.environment["SWITCHYARD_DUCKDB_LIBRARY"],
            "SWITCHYARD_DUCKDB_LIBRARY is not set: run the tests with scripts/test")
    }
}

extension Client {
    /// Runs SQL through a connection and returns the rows of the answer's `data`.
    func rows(_ project: String, _ connection: String, _ sql: String) async throws -> [[String: Any]] {
        let reply = try await send(
            .post, "/api/v0/projects/\(project)/connections/\(connection)/sqlQuery",
            json: Fixtures.json(["sqlStatement": sql]))
        try #require(reply.status == .ok, "\(sql): \(reply.body)")
        let data = try #require(reply.json["data"] as? String, "\(reply.body)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
        return try #require(object["rows"] as? [[String: Any]])
    }

    func query(_ project: String, _ connection: String, _ sql: String) async throws -> Reply {
        try await send(
            .post, "/api/v0/projects/\(project)/connections/\(connection)/sqlQuery",
            json: Fixtures.json(["sqlStatement": sql]))
    }
}

extension TestServer {
    /// Runs `test` with project `p` made, then removes the data directory.
    func runInProject(live: Bool = false, _ test: @Sendable (Client) async throws -> Void) async throws {
        defer { removeDirectory() }
        try await run(live: live) { client in
            try #require(try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#).status == .created)
            try await test(client)
        }
    }

    /// Runs `test` with project `p` holding the private PostgreSQL as connection `pg`.
    func withPostgresProject(live: Bool = false, _ test: @Sendable (Client, Engine) async throws -> Void) async throws {
        let engine = try Engine.postgres()
        try await runInProject(live: live) { client in
            try #require(try await client.send(.post, "/api/v0/projects/p/connections/pg", json: engine.postgresBody).status == .created)
            try await test(client, engine)
        }
    }
}
