import Synchronization
import SwitchyardDrivers
import Testing

/// The pool carrying out its decisions: waiters resumed, handles opened and closed on the
/// executor. Handles are plain objects; the executor is the real one.
@Suite struct HandlePoolTests {
    final class Handle: Sendable {}

    /// Handles opened and closed so far.
    final class Ledger: Sendable {
        private let counts = Mutex((opened: 0, closed: 0))
        func open() -> Handle { counts.withLock { $0.opened += 1 }; return Handle() }
        func close(_ handle: Handle) { counts.withLock { $0.closed += 1 } }
        var opened: Int { counts.withLock { $0.opened } }
        var closed: Int { counts.withLock { $0.closed } }
    }

    static let shutDown = DriverError.unavailable("test pool shut down")

    func withPool(capacity: Int, _ body: (HandlePool<Handle>, Ledger) async throws -> Void) async throws {
        let executor = BlockingExecutor(threads: 2)
        let ledger = Ledger()
        let pool = HandlePool<Handle>(
            .init(capacity: capacity), executor: executor, shutDownError: Self.shutDown,
            open: { ledger.open() }, close: { ledger.close($0) })
        try await body(pool, ledger)
        await executor.shutdown()
    }

    @Test func aCancelledWaiterStopsWaitingAndTheNextOneIsServed() async throws {
        try await withPool(capacity: 1) { pool, ledger in
            let held = try await pool.lease()
            let failure = await withTaskGroup(of: (any Error)?.self) { group in
                group.addTask {
                    do {
                        _ = try await pool.lease()
                        return nil
                    } catch {
                        return error
                    }
                }
                try? await Task.sleep(for: .milliseconds(50))
                group.cancelAll()
                return await group.next() ?? nil
            }
            #expect(failure is CancellationError)
            async let next = pool.lease()
            try await Task.sleep(for: .milliseconds(50))
            await pool.release(held, reusable: true)
            let served = try await next
            #expect(served === held)
            #expect(ledger.opened == 1)
        }
    }

    @Test func shutdownFailsWaitersAndClosesEveryHandle() async throws {
        try await withPool(capacity: 2) { pool, ledger in
            let idle = try await pool.lease()
            let leased = try await pool.lease()
            await pool.release(idle, reusable: true)
            _ = try await pool.lease()  // `idle` again
            async let waiter = pool.lease()
            try await Task.sleep(for: .milliseconds(50))
            let stillLeased = await pool.shutdown()
            do {
                _ = try await waiter
                Issue.record("a waiter was served after shutdown")
            } catch {
                #expect(error as? DriverError == Self.shutDown)
            }
            #expect(stillLeased.count == 2)
            await pool.release(leased, reusable: true)
            await pool.release(idle, reusable: false)
            #expect(ledger.closed == 2)
            await #expect(throws: Self.shutDown) { try await pool.lease() }
        }
    }

    @Test func aDiscardedHandleMakesRoomForANewOne() async throws {
        try await withPool(capacity: 1) { pool, ledger in
            let first = try await pool.lease()
            async let second = pool.lease()
            try await Task.sleep(for: .milliseconds(50))
            await pool.release(first, reusable: false)
            let replacement = try await second
            #expect(replacement !== first)
            #expect(ledger.opened == 2)
            #expect(ledger.closed == 1)
        }
    }
}
