import Foundation
import PostgresDriver
import SwitchyardDrivers
import Testing

@Suite("Streaming and cancelling", .timeLimit(.minutes(2)))
struct StreamingTests {
    @Test func largeResultStreamsInBatchesAndClosesEarly() async throws {
        let marker = "stream_" + UUID().uuidString.prefix(8).lowercased()
        // One connection, so the statement after `close()` runs on the very connection it freed.
        try await TestDatabase.withDriver(maxConnections: 1) { driver in
            let cursor = try await driver.query(
                "SELECT g AS \(marker), repeat('x', 20) AS pad FROM generate_series(1, 2000000) g"
            )
            #expect(cursor.columns == [ColumnInfo(name: marker, type: "integer"), ColumnInfo(name: "pad", type: "text")])
            var expected: Int64 = 1
            for _ in 0..<20 {
                let batch = try #require(try await cursor.next())
                #expect(!batch.isEmpty && batch.count <= 1000)
                for row in batch {
                    #expect(row[0] == .integer(expected))
                    expected += 1
                }
            }
            // Backpressure: the server is still sending, held back by the unread rows.
            #expect(try await TestDatabase.activeStatementsOnOtherDriver(containing: marker) == 1)
            let closing = ContinuousClock.now
            await cursor.close()
            #expect(try await cursor.next() == nil)
            // The statement is stopped, not drained: the freed connection answers at once.
            #expect(try await TestDatabase.rows(driver, "SELECT 41 + 1") == [[.integer(42)]])
            #expect(ContinuousClock.now - closing < .seconds(3))
            #expect(try await TestDatabase.activeStatements(driver, containing: marker) == 0)
        }
    }

    @Test func wholeResultReadsToTheEnd() async throws {
        try await TestDatabase.withDriver { driver in
            let cursor = try await driver.query("SELECT g FROM generate_series(1, 25000) g")
            var count = 0
            var sum: Int64 = 0
            var batches = 0
            while let batch = try await cursor.next() {
                batches += 1
                count += batch.count
                for row in batch { if case .integer(let value) = row[0] { sum += value } }
            }
            #expect(count == 25000)
            #expect(sum == 25000 * 25001 / 2)
            #expect(batches >= 25)
            await cursor.close()  // after the end: harmless
        }
    }

    /// The server holds back a statement's first output until 8 kB of it have gathered or the
    /// statement ends, so `pg_sleep(30)` alone keeps `query()` waiting, while this one sends
    /// rows at once and then sleeps in the middle of its result.
    static func sleepyRows(_ marker: String) -> String {
        """
        SELECT g AS \(marker), (CASE WHEN g = 3000 THEN pg_sleep(30)::text END) IS NULL AS awake
        FROM generate_series(1, 5000) g
        """
    }

    @Test(arguments: [CancelPoint.whileStarting, .whileReading])
    func cancellingTheReaderStopsTheStatementInTheServer(_ point: CancelPoint) async throws {
        let marker = "cancel_" + UUID().uuidString.prefix(8).lowercased()
        let sql = point == .whileStarting ? "SELECT pg_sleep(30) AS \(marker)" : Self.sleepyRows(marker)
        try await TestDatabase.withDriver { driver in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let cursor = try await driver.query(sql)
                    while try await cursor.next() != nil {}
                }
                let sleeping = try await TestDatabase.eventually(within: .seconds(5)) {
                    try await TestDatabase.sleepingStatements(driver, containing: marker) == 1
                }
                #expect(sleeping)
                group.cancelAll()
                let cancelled = ContinuousClock.now
                await #expect(throws: CancellationError.self) { try await group.next() }
                let stopped = try await TestDatabase.eventually(within: .seconds(2)) {
                    try await TestDatabase.activeStatements(driver, containing: marker) == 0
                }
                #expect(stopped, "the statement still runs in the server after its reader was cancelled")
                #expect(ContinuousClock.now - cancelled < .seconds(3))
            }
            #expect(try await TestDatabase.rows(driver, "SELECT 'still usable'") == [[.string("still usable")]])
        }
    }

    @Test func closingWhileAReadWaitsStopsTheStatement() async throws {
        let marker = "close_" + UUID().uuidString.prefix(8).lowercased()
        try await TestDatabase.withDriver { driver in
            let cursor = try await driver.query(Self.sleepyRows(marker))
            let first = try #require(try await cursor.next())
            #expect(first.first == [.integer(1), .bool(true)])
            try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    var count = 0
                    while let batch = try await cursor.next() { count += batch.count }
                    return count
                }
                let sleeping = try await TestDatabase.eventually(within: .seconds(5)) {
                    try await TestDatabase.sleepingStatements(driver, containing: marker) == 1
                }
                #expect(sleeping)
                let closing = ContinuousClock.now
                await cursor.close()
                let read = try await group.next()
                #expect(read.map { $0 < 3000 } == true, "the waiting read ends with the cursor")
                #expect(ContinuousClock.now - closing < .seconds(3))
            }
            let stopped = try await TestDatabase.eventually(within: .seconds(2)) {
                try await TestDatabase.activeStatements(driver, containing: marker) == 0
            }
            #expect(stopped)
        }
    }

    @Test func statementErrorsAreReported() async throws {
        try await TestDatabase.withDriver { driver in
            let syntax = await #expect(throws: DriverError.self) { try await driver.query("SELEC 1") }
            #expect(syntax == .statementFailed("syntax error at or near \"SELEC\""))
            let missing = await #expect(throws: DriverError.self) {
                try await driver.query("SELECT * FROM no_such_table_here")
            }
            #expect(missing == .statementFailed("relation \"no_such_table_here\" does not exist"))
            // An error in the middle of the rows surfaces from `next()`.
            // Rows already handed on by postgres-nio come first (it drops those it still held).
            let cursor = try await driver.query("SELECT 1 / (4500 - g) FROM generate_series(1, 9000) g")
            var rowsBeforeError = 0
            let midway = await #expect(throws: DriverError.self) {
                while let batch = try await cursor.next() { rowsBeforeError += batch.count }
            }
            #expect(midway == .statementFailed("division by zero"))
            #expect(rowsBeforeError > 0 && rowsBeforeError <= 4499)
            #expect(try await cursor.next() == nil)
            // The pool is fine afterwards.
            #expect(try await TestDatabase.rows(driver, "SELECT 1") == [[.integer(1)]])
        }
    }

    @Test func statementTimeoutIsReportedAsTimedOut() async throws {
        try await TestDatabase.withDriver(maxConnections: 1) { driver in
            try await TestDatabase.execute(driver, "SET statement_timeout = '100ms'")
            let cursor = try await driver.query("SELECT pg_sleep(5)")
            await #expect(throws: DriverError.timedOut) { _ = try await cursor.next() }
            try await TestDatabase.execute(driver, "RESET statement_timeout")
        }
    }
}

enum CancelPoint: Sendable {
    /// In `query()`, before the server has sent anything.
    case whileStarting
    /// In `next()`, after some batches.
    case whileReading
}
