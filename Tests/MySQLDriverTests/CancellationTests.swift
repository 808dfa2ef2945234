import MySQLDriver
import SwitchyardDrivers
import Testing

/// Cancelling the task that reads a result stops the statement in the server. Serialized:
/// when two sessions sleeping in `SLEEP()` are killed at the same moment, MariaDB sometimes
/// takes two seconds to answer one of the `KILL QUERY`s, which says nothing of the driver.
@Suite(.serialized) struct CancellationTests {
    /// Sessions (other than the asking one) whose statement mentions `marker`.
    static func running(_ marker: String, on driver: MySQLDriver) async throws -> Int {
        let (_, rows) = try await driver.rows(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%\(marker)%' AND ID <> CONNECTION_ID()"
        )
        guard case .integer(let count) = rows.first?.first else { return -1 }
        return Int(count)
    }

    /// Polls until `condition` holds or `limit` passes; returns whether it held.
    static func eventually(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// Starts `read` in a child task, waits until `marker` runs in the server and `ready`
    /// holds, cancels the child and checks it ends within two seconds and the statement is
    /// gone from the server within two more.
    static func cancelWhileRunning(
        _ marker: String,
        on driver: MySQLDriver,
        when ready: @escaping @Sendable () -> Bool = { true },
        _ read: @escaping @Sendable () async throws -> Void
    ) async throws {
        let clock = ContinuousClock()
        let ended = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await #expect(throws: CancellationError.self) { try await read() }
            }
            let started = try await eventually(within: .seconds(10)) {
                try await running(marker, on: driver) == 1 && ready()
            }
            try #require(started, "the statement never got going")
            try await Task.sleep(for: .milliseconds(300))
            let start = clock.now
            group.cancelAll()
            try await group.next()
            return clock.now - start
        }
        #expect(ended < .seconds(2))
        let gone = try await eventually(within: .seconds(2)) { try await running(marker, on: driver) == 0 }
        #expect(gone, "the statement still runs in the server")
    }

    @Test func cancellingWhileTheStatementStartsKillsIt() async throws {
        let marker = TestDatabase.uniqueName("sleep_marker")
        try await TestDatabase.withDriver { driver in
            try await Self.cancelWhileRunning(marker, on: driver) {
                let cursor = try await driver.query("SELECT SLEEP(30) AS \(marker)")
                do {
                    _ = try await cursor.next()
                } catch {
                    await cursor.close()
                    throw error
                }
                await cursor.close()
            }
            try await driver.test()
        }
    }

    @Test func cancellingBetweenBatchesKillsTheStatement() async throws {
        let marker = TestDatabase.uniqueName("batch_marker")
        let rowsRead = RowCounter()
        try await TestDatabase.withDriver { driver in
            // Cancelled once the batches before the stall have been read: inside next().
            try await Self.cancelWhileRunning(marker, on: driver, when: { rowsRead.value >= 4000 }) {
                let cursor = try await driver.query(Streams.stallingAfterFiveThousandRows(marker: marker))
                while let batch = try await cursor.next() { rowsRead.add(batch.count) }
            }
            #expect(rowsRead.value == 4000)
            try await driver.test()
        }
    }

    @Test func closingFromAnotherTaskStopsABlockedRead() async throws {
        let marker = TestDatabase.uniqueName("close_marker")
        let rowsRead = RowCounter()
        try await TestDatabase.withDriver { driver in
            let cursor = try await driver.query(Streams.stallingAfterFiveThousandRows(marker: marker))
            let clock = ContinuousClock()
            let elapsed = try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
                group.addTask {
                    while let batch = try await cursor.next() { rowsRead.add(batch.count) }
                    return clock.now
                }
                let stalled = try await Self.eventually(within: .seconds(10)) { rowsRead.value >= 4000 }
                try #require(stalled, "the first batches never arrived")
                try await Task.sleep(for: .milliseconds(300))
                let start = clock.now
                await cursor.close()
                return try #require(try await group.next()) - start
            }
            #expect(elapsed < .seconds(2))
            #expect(try await Self.eventually(within: .seconds(2)) { try await Self.running(marker, on: driver) == 0 })
            try await driver.test()
        }
    }
}
