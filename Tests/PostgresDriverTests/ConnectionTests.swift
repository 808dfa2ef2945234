import PostgresDriver
import SwitchyardCore
import SwitchyardDrivers
import Testing

@Suite("Connecting", .timeLimit(.minutes(1)))
struct ConnectionTests {
    @Test func testSucceedsAgainstTheServer() async throws {
        try await TestDatabase.withDriver { driver in
            try await driver.test()
            #expect(try await TestDatabase.rows(driver, "SELECT 1 + 1") == [[.integer(2)]])
        }
    }

    @Test func wrongPasswordFailsQuicklyWithoutRevealingIt() async throws {
        let wrong = "wrong-pw-\(UInt32.random(in: 100_000...999_999))"
        let settings = try TestDatabase.settings(password: wrong)
        try await TestDatabase.withDriver(settings, connectTimeout: .seconds(5)) { driver in
            let started = ContinuousClock.now
            let error = try await #require(throws: DriverError.self) { try await driver.test() }
            #expect(ContinuousClock.now - started < .seconds(5))
            guard case .connectionFailed(let message) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(message.contains("password authentication failed"))
            #expect(!message.contains(wrong))
        }
    }

    @Test func wrongPasswordInAConnectionStringIsNotRevealed() async throws {
        let server = try TestDatabase.server()
        let wrong = "uri-secret-\(UInt32.random(in: 100_000...999_999))"
        let settings = PostgresSettings(
            connectionString: "postgresql://\(server.user):\(wrong)@\(server.host):\(server.port)/\(server.database)"
        )
        try await TestDatabase.withDriver(settings, connectTimeout: .seconds(5)) { driver in
            let error = try await #require(throws: DriverError.self) { try await driver.test() }
            #expect(!error.message.contains(wrong))
            #expect(error.message.contains("password authentication failed"))
        }
    }

    @Test func closedPortFailsWithinTheTimeout() async throws {
        let settings = try TestDatabase.settings(port: 1)
        try await TestDatabase.withDriver(settings, connectTimeout: .seconds(2)) { driver in
            let started = ContinuousClock.now
            let error = try await #require(throws: DriverError.self) { try await driver.test() }
            #expect(ContinuousClock.now - started < .seconds(2))
            guard case .connectionFailed(let message) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(message.contains("refused"), "\(message)")
        }
    }

    @Test func poolOperationsOnAClosedPortFailRatherThanWait() async throws {
        let settings = try TestDatabase.settings(port: 1)
        try await TestDatabase.withDriver(settings, connectTimeout: .seconds(1)) { driver in
            let started = ContinuousClock.now
            let error = try await #require(throws: DriverError.self) { try await driver.schemas() }
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(error.message.contains("refused"), "\(error.message)")
        }
    }

    @Test(arguments: [ConnectionStringForm.uri, .keyValue])
    func connectionStringFormsConnect(_ form: ConnectionStringForm) async throws {
        let server = try TestDatabase.server()
        let text =
            switch form {
            case .uri:
                "postgresql://\(server.user):\(server.password)@\(server.host):\(server.port)/\(server.database)?sslmode=disable"
            case .keyValue:
                "host=\(server.host) port=\(server.port) dbname=\(server.database) user=\(server.user) password='\(server.password)'"
            }
        try await TestDatabase.withDriver(PostgresSettings(connectionString: text)) { driver in
            try await driver.test()
            let rows = try await TestDatabase.rows(driver, "SELECT current_database(), current_user")
            #expect(rows == [[.string(server.database), .string(server.user)]])
        }
    }

    @Test func requiredTLSIsNotSilentlyDropped() async throws {
        let server = try TestDatabase.server()
        let settings = PostgresSettings(
            connectionString:
                "postgresql://\(server.user):\(server.password)@\(server.host):\(server.port)/\(server.database)?sslmode=require"
        )
        try await TestDatabase.withDriver(settings, connectTimeout: .seconds(5)) { driver in
            // The test server runs without TLS, so sslmode=require must refuse to go on.
            let error = try await #require(throws: DriverError.self) { try await driver.test() }
            #expect(error.message.contains("TLS"), "\(error.message)")
            #expect(!error.message.contains(server.password))
        }
    }

    @Test func shutdownEndsRunAndClosesThePool() async throws {
        let driver = try PostgresDriver(
            settings: try TestDatabase.settings(),
            secrets: [],
            logger: TestDatabase.logger,
            connectTimeout: .seconds(2)
        )
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run() }
            #expect((try? await TestDatabase.rows(driver, "SELECT 1")) == [[.integer(1)]])
            await driver.shutdown()
            await group.waitForAll()
        }
        let error = await #expect(throws: DriverError.self) { try await driver.schemas() }
        #expect(error.map { if case .connectionFailed = $0 { true } else { false } } == true)
    }
}

extension ConnectionTests {
    /// Warm connections open as the pool starts and stay open while idle; the others open only
    /// when statements need them.
    @Test(arguments: [0, 3])
    func warmConnectionsOpenWithThePoolAndStayOpen(warm: Int) async throws {
        let name = "sy_warm_\(UInt32.random(in: 100_000...999_999))"
        var settings = try TestDatabase.settings()
        settings.connectionString = "application_name=\(name)"
        try await TestDatabase.withDriver(settings, maxConnections: 4, warmConnections: warm) { driver in
            let started = try await TestDatabase.eventually(within: .seconds(10)) {
                try await TestDatabase.connections(named: name) == Int64(warm)
            }
            #expect(started, "expected \(warm) connections named \(name) before any statement")
            if warm == 0 {
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await TestDatabase.connections(named: name) == 0, "no statement, no connection")
            }
            #expect(try await TestDatabase.rows(driver, "SELECT 1") == [[.integer(1)]])
            let expected = Int64(max(warm, 1))
            let opened = try await TestDatabase.eventually(within: .seconds(10)) {
                try await TestDatabase.connections(named: name) == expected
            }
            #expect(opened, "expected \(expected) open connections named \(name)")
            // Idle for a while, the pool neither closes the warm ones nor opens the fourth.
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await TestDatabase.connections(named: name) == expected)
        }
        let closed = try await TestDatabase.eventually(within: .seconds(10)) {
            try await TestDatabase.connections(named: name) == 0
        }
        #expect(closed, "shutdown closes every connection, warm ones included")
    }

    @Test func aDriverWhosePoolDoesNotRunSaysSo() async throws {
        let driver = try PostgresDriver(
            settings: try TestDatabase.settings(),
            secrets: [],
            logger: TestDatabase.logger,
            connectTimeout: .seconds(1)
        )
        let error = await #expect(throws: DriverError.self) { try await driver.schemas() }
        #expect(error?.message.contains("not running") == true, "\(String(describing: error))")
        await driver.shutdown()
    }

    @Test func shutdownFailsOpenCursorsAndStillReturns() async throws {
        let driver = try PostgresDriver(
            settings: try TestDatabase.settings(),
            secrets: [],
            logger: TestDatabase.logger,
            connectTimeout: .seconds(2)
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run() }
            let cursor = try await driver.query("SELECT g FROM generate_series(1, 5000000) g")
            _ = try await cursor.next()
            let stopping = ContinuousClock.now
            await driver.shutdown()
            try await group.waitForAll()
            #expect(ContinuousClock.now - stopping < .seconds(5))
            let error = await #expect(throws: DriverError.self) { while try await cursor.next() != nil {} }
            #expect(error.map { if case .connectionFailed = $0 { true } else { false } } == true, "\(String(describing: error))")
        }
    }
}

enum ConnectionStringForm: Sendable, CustomTestStringConvertible {
    case uri, keyValue
    var testDescription: String { self == .uri ? "postgresql:// URI" : "key=value pairs" }
}
