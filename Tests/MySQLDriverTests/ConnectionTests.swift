import MySQLDriver
import SwitchyardDrivers
import Testing

/// Connecting, failing to connect, and keeping secrets out of messages.
@Suite struct ConnectionTests {
    @Test func testSucceedsAgainstTheServer() async throws {
        try await TestDatabase.withDriver { try await $0.test() }
    }

    @Test func wrongPasswordFailsWithoutShowingIt() async throws {
        let wrong = "not-the-pw-7f3a91"
        let settings = try TestDatabase.settings(password: wrong)
        try await TestDatabase.withDriver(settings: settings, secrets: [wrong]) { driver in
            let error = try await #require(throws: DriverError.self) { try await driver.test() }
            guard case .connectionFailed(let message) = error else {
                Issue.record("expected connectionFailed, got \(error)")
                return
            }
            #expect(message.contains("Access denied"))
            #expect(!message.contains(wrong))
        }
    }

    @Test func connectionMessagesAreScrubbed() async throws {
        // The server quotes the database name back; made a secret, it must not appear.
        let secretDatabase = "secret_db_91c2e"
        let settings = try TestDatabase.settings(database: secretDatabase)
        try await TestDatabase.withDriver(settings: settings, secrets: [secretDatabase]) { driver in
            let error = try await #require(throws: DriverError.self) { try await driver.test() }
            #expect(error == .connectionFailed(error.message))
            #expect(!error.message.contains(secretDatabase))
            #expect(error.message.contains("[secret]"))
        }
    }

    @Test func closedPortFailsWithinTheTimeout() async throws {
        let settings = try TestDatabase.settings(port: 1)
        try await TestDatabase.withDriver(settings: settings, connectTimeoutSeconds: 2) { driver in
            let clock = ContinuousClock()
            let start = clock.now
            let error = try await #require(throws: DriverError.self) { try await driver.test() }
            #expect(clock.now - start < .seconds(3))
            #expect(error == .connectionFailed(error.message))
        }
    }

    @Test func aWaitForAFreeConnectionEndsWhenCancelled() async throws {
        try await TestDatabase.withDriver(maxConnections: 1) { driver in
            // Holds the only handle: a long result read one batch in.
            let holder = try await driver.query(Streams.numbers(upTo: 200_000))
            _ = try await holder.next()
            let clock = ContinuousClock()
            let waited = try await withThrowingTaskGroup(of: Duration.self) { group in
                group.addTask {
                    let start = clock.now
                    await #expect(throws: CancellationError.self) { _ = try await driver.query("SELECT 1") }
                    return clock.now - start
                }
                try await Task.sleep(for: .milliseconds(300))
                group.cancelAll()
                return try await group.next() ?? .zero
            }
            #expect(waited < .seconds(2))
            await holder.close()
            try await driver.test()
        }
    }

    @Test func callersBeyondTheLimitWaitTheirTurn() async throws {
        try await TestDatabase.withDriver(maxConnections: 2) { driver in
            let sessions = try await withThrowingTaskGroup(of: [[SQLValue]].self) { group in
                for _ in 0..<6 {
                    group.addTask { try await driver.rows("SELECT CONNECTION_ID(), SLEEP(0.2)").rows }
                }
                var ids: Set<String> = []
                for try await rows in group { ids.insert("\(rows[0][0])") }
                return ids
            }
            #expect(sessions.count <= 2)
        }
    }
}
