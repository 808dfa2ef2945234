import SwitchyardDrivers
import Testing
@testable import TrinoDriver

/// Whatever stops a statement early reaches the coordinator as a `DELETE` of its `nextUri`.
extension EmulatorTests {
    @Suite struct Cancellation {
        @Test func cancellingTheReadingTaskDeletesTheStatement() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings()
                let user = try #require(settings.user)
                let driver = try emulator.driver(settings)
                await #expect(throws: CancellationError.self) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { _ = try await driver.query("SELECT emulator_sleep(30) AS slept") }
                        let polling = try await emulator.eventually {
                            try await emulator.requests(of: user).contains { $0["method"] as? String == "GET" }
                        }
                        #expect(polling)
                        group.cancelAll()
                        try await group.waitForAll()
                    }
                }
                try await expectDeleted(user, emulator)
            }
        }

        @Test func aTimeLimitDeletesTheStatement() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings()
                let driver = try emulator.driver(settings)
                let started = ContinuousClock.now
                let answer = try await Deadline.run(within: .milliseconds(800)) {
                    try await driver.query("SELECT emulator_sleep(30) AS slept").columns
                }
                #expect(answer == nil)
                #expect(ContinuousClock.now - started < .seconds(5))
                try await expectDeleted(try #require(settings.user), emulator)
            }
        }

        @Test func closingACursorEarlyDeletesTheStatement() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings()
                let cursor = try await emulator.driver(settings).query("SELECT * FROM sales.orders")
                #expect(try await cursor.next()?.isEmpty == false)
                await cursor.close()
                await cursor.close()
                try await expectDeleted(try #require(settings.user), emulator)
            }
        }

        @Test func aFinishedStatementIsNotDeleted() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings()
                let cursor = try await emulator.driver(settings).query("SELECT 1 AS one")
                while try await cursor.next() != nil {}
                await cursor.close()
                let sent = try await emulator.requests(of: try #require(settings.user))
                #expect(!sent.contains { $0["method"] as? String == "DELETE" })
            }
        }

        /// The emulator received a `DELETE` of the statement's `nextUri` and cancelled the statement.
        private func expectDeleted(_ user: String, _ emulator: Emulator) async throws {
            let sent = try await emulator.requests(of: user)
            let delete = try #require(sent.first { $0["method"] as? String == "DELETE" })
            let path = try #require(delete["path"] as? String)
            #expect(path.hasPrefix("/v1/statement/"))
            let queries = try await emulator.queries(of: user)
            #expect(queries.count == 1)
            #expect(queries.first?["cancelled"] as? Bool == true)
        }
    }
}
