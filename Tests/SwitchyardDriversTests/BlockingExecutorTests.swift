import Foundation
import Synchronization
import SwitchyardDrivers
import Testing

/// The shared threads: work runs off the caller's executor, cancellation reaches a blocked
/// call through its interrupt, and clean-up still happens after shutdown.
@Suite(.timeLimit(.minutes(1))) struct BlockingExecutorTests {
    /// Counts calls made from other threads.
    final class Counter: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    @Test func cancellingTheTaskInterruptsTheBlockedCall() async throws {
        let executor = BlockingExecutor(threads: 1)
        let flag = CancelFlag()
        let interrupts = Counter()
        let outcome = await withTaskGroup(of: Result<Int, any Error>.self) { group in
            group.addTask {
                await executor.run(interruptible: flag, interrupt: { interrupts.add() }) {
                    // A C call that returns only when interrupted.
                    while interrupts.value == 0 { usleep(1000) }
                    return 7
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
            group.cancelAll()
            return await group.next()!
        }
        #expect(try outcome.get() == 7)
        #expect(flag.isRaised && !flag.isRunning)
        #expect(interrupts.value == 1)
        await executor.shutdown()
    }

    @Test func afterShutdownWorkIsRefusedButCleanUpRunsInPlace() async throws {
        let executor = BlockingExecutor(threads: 1)
        #expect(try await executor.run { 41 + 1 } == 42)
        await executor.shutdown()
        await #expect(throws: DriverError.self) { try await executor.run { 0 } }
        let cleaned = Counter()
        await executor.cleanUp { cleaned.add() }
        #expect(cleaned.value == 1)
    }
}
