import DuckDBDriver
import Synchronization
import SwitchyardDrivers
import Testing

/// Timing-sensitive tests run one at a time so that they do not compete for the two cores.
@Suite("DuckDB streaming and cancellation", .serialized, .timeLimit(.minutes(1)))
struct StreamingTests {
    @Test func largeResultsArriveInBatchesAndCloseEarly() async throws {
        try await withDriver(maxConnections: 1) { driver throws in
            let cursor = try await driver.query("SELECT range AS n FROM range(3000000)")
            #expect(cursor.columns == [ColumnInfo(name: "n", type: "BIGINT")])
            var seen: Int64 = 0
            for _ in 0..<5 {
                let batch = try #require(try await cursor.next())
                // Up to four of DuckDB's 2,048-row chunks per batch.
                #expect(!batch.isEmpty && batch.count <= 8192)
                #expect(batch.first == [.integer(seen)])
                seen += Int64(batch.count)
            }
            await cursor.close()
            await cursor.close()
            #expect(try await cursor.next() == nil)
            // The single connection went back to the pool and works.
            #expect(try await rows(driver, "SELECT 42") == [[.integer(42)]])
        }
    }

    @Test func cancellingAStatementStopsItQuickly() async throws {
        try await withDriver(maxConnections: 1) { driver throws in
            let clock = ContinuousClock()
            let started = clock.now
            let outcome = await withTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do {
                        _ = try await rows(driver, "SELECT count(*) FROM range(10000000000)")
                        return nil
                    } catch {
                        return error
                    }
                }
                try? await Task.sleep(for: .milliseconds(300))
                group.cancelAll()
                return await group.next() ?? nil
            }
            #expect(clock.now - started < .seconds(2))
            #expect(outcome is CancellationError, "got \(String(describing: outcome))")
            #expect(try await rows(driver, "SELECT 1") == [[.integer(1)]])
        }
    }

    /// A million rows come at once; the rest of the scan then finds nothing for minutes. DuckDB
    /// streams through a buffer of about 1 MB, so the statement must produce that much before
    /// `query` returns; these rows do.
    static let stallsAfterItsFirstRows = "SELECT i FROM range(100000000000) t(i) WHERE i < 1000000 OR i = 99999999999"

    /// Reads `cursor` in a child task until rows stop coming (its `next()` is then waiting in
    /// DuckDB), then cancels or closes it; returns what the read ended with and how long
    /// that took after the cancel or close.
    static func stopWhileWaiting(
        _ cursor: any RowCursor, by stop: @escaping @Sendable () async -> Void, cancelling: Bool
    ) async throws -> (outcome: Result<Int, any Error>, after: Duration) {
        let read = RowCounter()
        let clock = ContinuousClock()
        return try await withThrowingTaskGroup(of: Result<Int, any Error>.self) { group in
            group.addTask {
                do {
                    while let batch = try await cursor.next() { read.count.add(batch.count, ordering: .relaxed) }
                    return .success(read.count.load(ordering: .relaxed))
                } catch {
                    return .failure(error)
                }
            }
            // Waits until the reader has stopped getting rows: it is then blocked in DuckDB.
            let deadline = clock.now + .seconds(30)
            var last = -1
            while clock.now < deadline {
                let now = read.count.load(ordering: .relaxed)
                if now >= 500_000 && now == last { break }
                last = now
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(last >= 500_000 && last <= 1_000_000)
            let stoppedAt = clock.now
            if cancelling { group.cancelAll() } else { await stop() }
            let outcome = try #require(try await group.next())
            return (outcome, clock.now - stoppedAt)
        }
    }

    @Test func cancellingAWaitingReadStopsIt() async throws {
        try await withDriver(maxConnections: 1) { driver throws in
            let cursor = try await driver.query(Self.stallsAfterItsFirstRows)
            let (outcome, after) = try await Self.stopWhileWaiting(cursor, by: {}, cancelling: true)
            #expect(after < .seconds(2))
            #expect(throws: CancellationError.self) { try outcome.get() }
            await cursor.close()
            #expect(try await rows(driver, "SELECT 2") == [[.integer(2)]])
        }
    }

    @Test func closingDuringAWaitingReadStopsIt() async throws {
        try await withDriver(maxConnections: 1) { driver throws in
            let cursor = try await driver.query(Self.stallsAfterItsFirstRows)
            let (outcome, after) = try await Self.stopWhileWaiting(cursor, by: { await cursor.close() }, cancelling: false)
            #expect(after < .seconds(2))
            #expect((500_000...1_000_000).contains(try outcome.get()))
            #expect(try await rows(driver, "SELECT 3") == [[.integer(3)]])
        }
    }

    @Test func waitersGetAConnectionWhenOneIsReturned() async throws {
        try await withDriver(maxConnections: 1) { driver throws in
            let holder = try await driver.query("SELECT 1")
            try await withThrowingTaskGroup(of: [[SQLValue]].self) { group in
                group.addTask { try await rows(driver, "SELECT 2") }
                try await Task.sleep(for: .milliseconds(100))
                await holder.close()
                #expect(try await group.next() == [[.integer(2)]])
            }
        }
    }

    @Test func aWaitingBorrowerCanBeCancelled() async throws {
        try await withDriver(maxConnections: 1) { driver throws in
            let holder = try await driver.query("SELECT 1")
            let outcome = await withTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do {
                        _ = try await driver.query("SELECT 2")
                        return nil
                    } catch {
                        return error
                    }
                }
                try? await Task.sleep(for: .milliseconds(100))
                group.cancelAll()
                return await group.next() ?? nil
            }
            #expect(outcome is CancellationError)
            await holder.close()
            #expect(try await rows(driver, "SELECT 3") == [[.integer(3)]])
        }
    }

    @Test func sessionChangesDoNotLeakIntoTheNextStatement() async throws {
        try await withDriver(maxConnections: 1) { driver throws in
            _ = try await rows(driver, "CREATE SCHEMA other; CREATE TABLE other.t AS SELECT 'other' AS v; CREATE TABLE main.t AS SELECT 'main' AS v")
            _ = try await rows(driver, "USE other")
            _ = try await rows(driver, "BEGIN TRANSACTION")
            #expect(try await rows(driver, "SELECT v FROM t") == [[.string("main")]])
        }
    }
}

/// Rows read so far by a child task, seen by its parent.
final class RowCounter: Sendable {
    let count = Atomic<Int>(0)
}
